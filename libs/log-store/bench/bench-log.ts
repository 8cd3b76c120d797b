import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@orderlab/shared';
import { CountingFileSystem, FileLogStore, NodeFileSystem } from '../src';
import { BatchFactory } from './batch-factory';
import { benchLogConfig, buildStore, type LogShape } from './log-builder';
import { sweep } from './fetch-sweep';
import { rollAppendFigures } from './roll-appends';

/**
 * npm run bench:log — what the log store reads and holds, counted through its file-system
 * port on real files: bytes read per byte a fetch returns, bytes read by a clean and an
 * unclean start of a log of more than 1 GiB, the memory the open log holds per GiB, and
 * how long appends wait while segments roll.
 */
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

function fetchFigures(root: string): void {
  const workloads: Array<{ name: string; shape: LogShape }> = [
    { name: '100 x 100 B records per batch (~11 KiB)', shape: { partitions: 1, bytesPerPartition: 96 * MiB, segmentBytes: 32 * MiB, recordsPerBatch: 100, valueBytes: 100, producers: 8 } },
    { name: '1 x 100 B record per batch (~170 B)', shape: { partitions: 1, bytesPerPartition: 16 * MiB, segmentBytes: 8 * MiB, recordsPerBatch: 1, valueBytes: 100, producers: 8 } },
  ];
  console.log('\nFetch: bytes read from disk per byte returned (a consumer catching up from offset 0; target <= 1.2x for fetches >= 64 KiB)');
  for (const w of workloads) {
    const dir = mkdtempSync(join(root, 'fetch-'));
    buildStore(dir, w.shape);
    const fs = new CountingFileSystem(new NodeFileSystem());
    const store = new FileLogStore({ dir, fs, clock: new ManualClock(0) });
    const log = store.open('bench', 0, benchLogConfig(w.shape.segmentBytes));
    for (const maxBytes of [64 * 1024, 256 * 1024, MiB]) {
      const r = sweep(log, fs, 0, maxBytes, 48 * MiB);
      const ratio = r.bytesRead / r.bytesReturned;
      console.log(`  ${w.name}, fetch ${maxBytes / 1024} KiB: ${r.fetches} fetches, ${(r.bytesReturned / MiB).toFixed(1)} MiB returned, ${(r.bytesRead / MiB).toFixed(1)} MiB read in ${r.reads} reads -> ${ratio.toFixed(3)}x ${ratio <= 1.2 ? '(meets target)' : '(MISSES target 1.2x)'}`);
    }
    tailFigure(log, fs, w.shape);
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A consumer at the end of the log: one batch appended, then fetched. */
function tailFigure(log: ReturnType<FileLogStore['open']>, fs: CountingFileSystem, shape: LogShape): void {
  const factory = new BatchFactory(shape.recordsPerBatch, shape.valueBytes);
  fs.reset();
  let returned = 0;
  for (let i = 0; i < 1000; i++) {
    const offset = log.logEndOffset();
    log.append(factory.next(99, i * shape.recordsPerBatch, 1_800_000_000_000 + i), { leaderEpoch: 0 });
    returned += log.read(offset, MiB).bytes;
  }
  console.log(`  tail consumer (append one batch, fetch it) x1000: ${(fs.counts.bytesRead / returned).toFixed(3)}x, ${(fs.counts.reads / 1000).toFixed(1)} reads per fetch`);
}

function probe(dir: string, segmentBytes: number): { cleanStart: boolean; startup: { bytesRead: number; reads: number }; heapAfterOpen: number; heapAfterSweep: number; logBytes: number } {
  const res = spawnSync(process.execPath, ['--expose-gc', join(__dirname, 'startup-probe.js'), dir, String(segmentBytes)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (res.status !== 0) throw new Error(`startup probe failed: ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').pop() as string);
}

function startupFigures(root: string): void {
  const shape: LogShape = { partitions: 4, bytesPerPartition: 272 * MiB, segmentBytes: 64 * MiB, recordsPerBatch: 100, valueBytes: 100, producers: 64 };
  const dir = mkdtempSync(join(root, 'startup-'));
  const started = Date.now();
  const written = buildStore(dir, shape);
  console.log(`\nStartup and memory: a log of ${(written / GiB).toFixed(2)} GiB (${shape.partitions} partitions, segment.bytes ${shape.segmentBytes / MiB} MiB, ${shape.producers} idempotent producers), built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const clean = probe(dir, shape.segmentBytes);
  const unclean = probe(dir, shape.segmentBytes);
  for (const [name, r, target] of [['clean start', clean, 0.01], ['unclean start', unclean, Number.NaN]] as const) {
    const share = r.startup.bytesRead / r.logBytes;
    const verdict = Number.isNaN(target) ? '(re-validates the active segments)' : share < target ? '(meets target < 1%)' : '(MISSES target < 1%)';
    console.log(`  ${name} (cleanStart=${r.cleanStart}): read ${(r.startup.bytesRead / MiB).toFixed(2)} MiB in ${r.startup.reads} reads = ${(share * 100).toFixed(3)}% of the log ${verdict}`);
  }
  const gib = clean.logBytes / GiB;
  for (const [name, bytes] of [['after a clean open', clean.heapAfterOpen], ['after reading every partition once', clean.heapAfterSweep]] as const) {
    const perGiB = bytes / MiB / gib;
    console.log(`  memory held (heap + external) ${name}: ${(bytes / MiB).toFixed(2)} MiB = ${perGiB.toFixed(2)} MiB per GiB of log ${perGiB <= 4 ? '(meets target <= 4 MiB/GiB)' : '(MISSES target <= 4 MiB/GiB)'}`);
  }
  rmSync(dir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'bench-log-'));
  try {
    fetchFigures(root);
    startupFigures(root);
    await rollAppendFigures(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
