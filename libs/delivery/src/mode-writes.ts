import type { ConsumedRecord } from './consumed-record';
import type { DeliverySettings } from './delivery-config';
import type { GuardSpan, ProcessOutcome } from './position-store';

/** Where one write happens and what it may forget: the record (exactly-once checks its offset), the clock, the dedupe window. */
export interface ApplyContext {
  readonly record: ConsumedRecord;
  readonly span: GuardSpan;
  readonly nowMs: number;
  readonly dedupeWindowMs: number;
}

/**
 * A consumer service's writes of one item (billing's invoice, analytics' effect), one method per
 * guarantee. What each one does is the service's own (its Lua scripts); which one runs is the
 * delivery mode's, so that choice is made once, in applyAsModeSays.
 */
export interface ModeWrites<T> {
  /** Offset-checked and atomic with the partition's next position. */
  applyExactlyOnce(item: T, ctx: ApplyContext): Promise<ProcessOutcome>;
  /** Idempotent by order id: a re-delivered order is recognised and not applied again. */
  applyIdempotent(item: T, ctx: ApplyContext): Promise<ProcessOutcome>;
  /** Plain appends and increments: a re-delivered order is applied again. */
  applyPlain(item: T, ctx: ApplyContext): Promise<ProcessOutcome>;
}

/** exactly-once → the offset-checked write; at-least-once → idempotent or plain as IDEMPOTENT_WRITES says; at-most-once → plain (it never re-delivers). */
export function applyAsModeSays<T>(store: ModeWrites<T>, item: T, ctx: ApplyContext, settings: Pick<DeliverySettings, 'mode' | 'idempotentWrites'>): Promise<ProcessOutcome> {
  if (settings.mode === 'exactly-once') return store.applyExactlyOnce(item, ctx);
  if (settings.mode === 'at-least-once' && settings.idempotentWrites) return store.applyIdempotent(item, ctx);
  return store.applyPlain(item, ctx);
}
