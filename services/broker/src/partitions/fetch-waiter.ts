import type { LogPosition } from '@orderlab/log-store';
import type { Partition, PartitionChange } from './partition';

/** A partition a waiting fetch reads: where its read starts and how much of it may count. */
export interface WaitingPartition {
  readonly partition: Partition;
  /** Where the fetch reads from; null when unknown, and then any change answers the fetch. */
  readonly from: LogPosition | null;
  /** The partition's share of the response (partition_max_bytes). */
  readonly maxBytes: number;
  /** What the first read of it returned. */
  readonly bytes: number;
  /** A follower's fetch counts bytes to the log end; a consumer's only to the high watermark. */
  readonly toLogEnd?: boolean;
}

/**
 * The long poll behind Fetch's max wait and min bytes (Kafka's DelayedFetch). Resolves when
 * the partitions hold at least `minBytes` for the fetch, when one of them goes away, or after
 * `timeoutMs`. A change to one partition re-counts that partition alone, from byte positions
 * and without reading; the fetch reads once, after this resolves.
 */
export function waitForBytes(parts: readonly WaitingPartition[], minBytes: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const counted = parts.map((p) => Math.min(p.bytes, p.maxBytes));
    let total = counted.reduce((a, b) => a + b, 0);
    const unsubscribers: Array<() => void> = [];
    const finish = (): void => {
      clearTimeout(timer);
      for (const u of unsubscribers) u();
      resolve();
    };
    const timer = setTimeout(finish, timeoutMs);
    parts.forEach((p, i) => {
      unsubscribers.push(
        p.partition.onChange((change: PartitionChange) => {
          const available = change === 'closing' || p.from === null ? null : p.partition.bytesAvailable(p.from, p.toLogEnd ?? false);
          if (available === null) return finish();
          const now = Math.min(available, p.maxBytes);
          total += now - (counted[i] as number);
          counted[i] = now;
          if (total >= minBytes) finish();
        }),
      );
    });
  });
}
