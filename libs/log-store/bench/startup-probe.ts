import { ManualClock } from '@orderlab/shared';
import { CountingFileSystem, FileLogStore, NodeFileSystem } from '../src';
import { benchLogConfig } from './log-builder';
import { nextOffsetAfter } from './fetch-sweep';

/**
 * Child process of bench-log (run with --expose-gc): opens the store in argv[2] the way a
 * broker does at start, and prints as JSON the bytes read through the file-system port and
 * the memory the open store holds, before and after every partition was read once. It exits
 * without closing, so the next start is an unclean one.
 */
/** Heap and external memory after a full GC, once freed buffers were handed back (that happens off the main thread). */
async function heapBytes(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await new Promise((resolve) => setTimeout(resolve, 300));
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

async function main(): Promise<void> {
  const dir = process.argv[2] as string;
  const segmentBytes = Number(process.argv[3]);
  const baseline = await heapBytes();
  const fs = new CountingFileSystem(new NodeFileSystem());
  const store = new FileLogStore({ dir, fs, clock: new ManualClock(1_700_000_000_000) });
  const logs = store.list().map(({ topic, partition }) => store.open(topic, partition, benchLogConfig(segmentBytes)));
  const startup = { ...fs.counts };
  const heapAfterOpen = (await heapBytes()) - baseline;
  for (const log of logs) {
    for (let offset = log.logStartOffset(); offset < log.logEndOffset(); ) {
      const next = nextOffsetAfter(log.read(offset, 1024 * 1024).chunks);
      if (next < 0) break;
      offset = next;
    }
  }
  const heapAfterSweep = (await heapBytes()) - baseline;
  const logBytes = logs.reduce((n, l) => n + l.sizeBytes(), 0);
  process.stdout.write(`${JSON.stringify({ cleanStart: store.cleanStart, startup, heapAfterOpen, heapAfterSweep, logBytes })}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
