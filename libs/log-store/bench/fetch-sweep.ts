import { batchSizeAt, readBatchHeader } from '@orderlab/kafka-protocol';
import type { CountingFileSystem, PartitionLog } from '../src';

export interface SweepResult {
  readonly fetches: number;
  readonly bytesReturned: number;
  readonly bytesRead: number;
  readonly reads: number;
}

/** The offset after the last whole batch in `chunks`, or -1 when they hold none. */
export function nextOffsetAfter(chunks: readonly Buffer[]): number {
  let next = -1;
  for (const c of chunks) {
    for (let at = 0; at + 61 <= c.length; ) {
      const size = batchSizeAt(c, at);
      if (at + size > c.length) break;
      const h = readBatchHeader(c, at);
      next = h.baseOffset + h.lastOffsetDelta + 1;
      at += size;
    }
  }
  return next;
}

/** A consumer catching up: fetches of `maxBytes` from `from` until `bytes` were returned or the log ends. */
export function sweep(log: PartitionLog, fs: CountingFileSystem, from: number, maxBytes: number, bytes: number): SweepResult {
  fs.reset();
  let offset = from;
  let fetches = 0;
  let returned = 0;
  while (returned < bytes && offset < log.logEndOffset()) {
    const r = log.read(offset, maxBytes);
    fetches++;
    returned += r.bytes;
    const next = nextOffsetAfter(r.chunks);
    if (next < 0) break;
    offset = next;
  }
  return { fetches, bytesReturned: returned, bytesRead: fs.counts.bytesRead, reads: fs.counts.reads };
}
