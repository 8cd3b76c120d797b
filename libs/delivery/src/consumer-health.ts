import type { ConsumerStatus } from './event-consumer.port';
import type { CurrentFault } from './faults';

export interface ConsumerHealth {
  readonly up: boolean;
  /** Why it is down. */
  readonly reason: string | null;
  readonly state: ConsumerStatus['state'];
  readonly fault: CurrentFault | null;
}

/**
 * Up only when the group consumer runs, no step is failing, and the loop was active
 * recently: a consumer that stopped fetching and heartbeating is as down as a crashed one.
 */
export function consumerHealth(status: ConsumerStatus, fault: CurrentFault | null, nowMs: number, silentAfterMs: number): ConsumerHealth {
  const base = { state: status.state, fault };
  if (status.state !== 'running') return { ...base, up: false, reason: status.reason ?? `the group consumer is ${status.state}` };
  if (fault) return { ...base, up: false, reason: `${fault.what} is failing since ${new Date(fault.sinceMs).toISOString()} (${fault.attempts} attempts): ${fault.reason}` };
  const silentMs = nowMs - status.lastActivityMs;
  if (silentMs > silentAfterMs) return { ...base, up: false, reason: `the consumer loop has neither fetched nor heartbeated for ${Math.round(silentMs / 1000)} s` };
  return { ...base, up: true, reason: null };
}
