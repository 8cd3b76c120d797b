import { appendFileSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { batchSizeAt, readBatchHeader } from '@orderlab/kafka-protocol';

/**
 * Direct access to a stopped broker's partition files (the documented on-disk layout,
 * `<data-dir>/logs/<topic>-<partition>/<base offset>.log`), for tests that must put bytes in a
 * log that no client is allowed to write: the broker must survive them at its next start.
 */
function partitionDir(dataDir: string, topic: string, partition: number): string {
  return join(dataDir, 'logs', `${topic}-${partition}`);
}

function activeSegment(dataDir: string, topic: string, partition: number): string {
  const dir = partitionDir(dataDir, topic, partition);
  const segments = readdirSync(dir).filter((f) => /^\d{20}\.log$/.test(f)).sort();
  const last = segments[segments.length - 1];
  if (!last) throw new Error(`no segment in ${dir}`);
  return join(dir, last);
}

/** The next offset of the active segment, found by walking its batches. */
function logEndOffset(segmentFile: string): number {
  const bytes = readFileSync(segmentFile);
  let end = Number(segmentFile.slice(-24, -4));
  for (let at = 0; at < bytes.length; ) {
    const size = batchSizeAt(bytes, at);
    if (size < 0 || at + size > bytes.length) break;
    const h = readBatchHeader(bytes, at);
    end = h.baseOffset + h.lastOffsetDelta + 1;
    at += size;
  }
  return end;
}

/**
 * Append batches to the active segment, each built for the offset it will start at (they
 * must continue the log so recovery keeps them). The broker must be stopped by SIGKILL, so
 * its next start recovers (and re-reads) the active segment. Returns each batch's base offset.
 */
export function appendBatchesToLog(dataDir: string, topic: string, partition: number, builders: ReadonlyArray<(baseOffset: number) => Buffer>): number[] {
  const file = activeSegment(dataDir, topic, partition);
  let next = logEndOffset(file);
  const bases: number[] = [];
  for (const build of builders) {
    const batch = build(next);
    appendFileSync(file, batch);
    bases.push(next);
    next = readBatchHeader(batch).baseOffset + readBatchHeader(batch).lastOffsetDelta + 1;
  }
  return bases;
}
