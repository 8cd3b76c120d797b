import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { encodeRecordBatch } from '@orderlab/kafka-protocol';
import { DEFAULT_LOG_CONFIG, FileLogStore, NodeFileSystem } from '../src';

/**
 * Appends while segments roll, in process on real files: 16 KiB batches at 1,000 per second
 * into 8 MiB segments (a roll every half second). An append is a synchronous call, so its
 * duration is what a produce request waits for the disk; the event-loop lag shows what the
 * background work (fsync on the thread pool, side files) costs everyone else.
 */
const SEGMENT_BYTES = 8 * 1024 * 1024;
const APPENDS = 15_000;
const PER_SECOND = 1000;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export async function rollAppendFigures(root: string): Promise<void> {
  const dir = mkdtempSync(join(root, 'roll-'));
  const store = new FileLogStore({ dir, fs: new NodeFileSystem(), clock: { now: () => Date.now() } });
  const log = store.open('roll', 0, { ...DEFAULT_LOG_CONFIG, segmentBytes: SEGMENT_BYTES });
  const template = encodeRecordBatch({ records: Array.from({ length: 150 }, () => ({ value: Buffer.alloc(100, 97) })) });
  const appendMs: number[] = [];
  const latencyMs: number[] = [];
  const lagMs: number[] = [];
  let last = performance.now();
  const lag = setInterval(() => {
    const now = performance.now();
    lagMs.push(now - last - 1);
    last = now;
  }, 1);
  const start = performance.now();
  for (let i = 0; i < APPENDS; i++) {
    const due = start + (i * 1000) / PER_SECOND;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t0 = performance.now();
    log.append(Buffer.from(template), { leaderEpoch: 0 });
    const done = performance.now();
    appendMs.push(done - t0);
    latencyMs.push(done - due); // open loop: an append held up by a stall delays every one due meanwhile
  }
  clearInterval(lag);
  await store.flushedInBackground();
  store.close();
  rmSync(dir, { recursive: true, force: true });
  const slow = appendMs.filter((ms) => ms > 10).length;
  const rolls = Math.floor((APPENDS * template.length) / SEGMENT_BYTES);
  console.log(`\nAppends while segments roll: ${APPENDS} x ${template.length} B at ${PER_SECOND}/s, ${rolls} rolls of ${SEGMENT_BYTES / 1024 / 1024} MiB segments`);
  console.log(`  produce latency ms (from each append's scheduled time): p50 ${percentile(latencyMs, 50).toFixed(2)}, p99 ${percentile(latencyMs, 99).toFixed(2)}, p99.9 ${percentile(latencyMs, 99.9).toFixed(2)}, max ${Math.max(...latencyMs).toFixed(1)}`);
  console.log(`  time inside append ms: p50 ${percentile(appendMs, 50).toFixed(3)}, p99 ${percentile(appendMs, 99).toFixed(3)}, max ${Math.max(...appendMs).toFixed(1)}; appends over 10 ms: ${slow}`);
  console.log(`  event-loop lag ms: p99 ${percentile(lagMs, 99).toFixed(2)}, max ${Math.max(...lagMs).toFixed(1)}`);
}
