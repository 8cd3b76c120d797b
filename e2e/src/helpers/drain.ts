import type { BrokerProcess } from './broker-process';
import { waitFor } from './wait-for';

/** A group has committed everything: each of `partitions` partitions that holds records has a committed offset, and total lag is 0 (from the broker's admin endpoint). */
export async function groupDrained(broker: BrokerProcess, group: string, partitions = 6): Promise<boolean> {
  const res = await fetch(`http://127.0.0.1:${broker.adminPort}/groups/${group}`).catch(() => null);
  if (!res?.ok) return false;
  const body = (await res.json()) as { totalLag: number; partitions: Array<{ committedOffset: number | null; highWatermark: number }> };
  return body.partitions.length === partitions && body.partitions.every((p) => p.committedOffset !== null || p.highWatermark === 0) && body.totalLag === 0;
}

/**
 * Wait until `groups` are drained and `snapshot` answers the same twice in a row: the
 * consumers are done, not just caught up for a moment. On timeout, `diagnose` adds context.
 */
export async function waitSettled<T>(broker: BrokerProcess, groups: readonly string[], snapshot: () => Promise<T>, o: { timeoutMs: number; diagnose?: () => Promise<string> }): Promise<T> {
  let previous = '';
  return waitFor(
    async () => {
      for (const g of groups) if (!(await groupDrained(broker, g))) return undefined;
      const s = await snapshot();
      const now = JSON.stringify(s);
      const stable = now === previous;
      previous = now;
      return stable ? s : undefined;
    },
    { timeoutMs: o.timeoutMs, intervalMs: 500, description: `${groups.join(' and ')} to drain and settle` },
  ).catch(async (e: Error) => {
    throw new Error(`${e.message}\n${o.diagnose ? await o.diagnose() : ''}`);
  });
}
