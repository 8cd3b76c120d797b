import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readBatchHeader } from '@orderlab/kafka-protocol';
import { ManualClock, type Logger } from '@orderlab/shared';
import { DEFAULT_LOG_CONFIG, FileLogStore, MemoryFileSystem, type LogConfig, type PartitionLog } from '../src';
import { appendBatch } from './scenarios/log-scenarios';

const config: LogConfig = { ...DEFAULT_LOG_CONFIG, indexIntervalBytes: 1 };
const SEGMENT = '/data/t-0/00000000000000000000.log';

function recordingLogger(lines: string[]): Logger {
  const push = (level: string) => (obj: Record<string, unknown>, msg: string) => lines.push(`${level} ${msg} ${JSON.stringify(obj)}`);
  return { debug: () => undefined, info: push('info'), warn: push('warn'), error: push('error') };
}

function openLog(fs: MemoryFileSystem, logger?: Logger): { store: FileLogStore; log: PartitionLog } {
  const store = new FileLogStore({ dir: '/data', fs, clock: new ManualClock(0), logger });
  return { store, log: store.open('t', 0, config) };
}

/** Base offsets of the batches a fresh read of the whole partition returns. */
function storedBatches(log: PartitionLog): number[] {
  const out: number[] = [];
  for (const c of log.read(0, 1 << 30).chunks) {
    for (let at = 0; at < c.length; ) {
      const h = readBatchHeader(c, at);
      out.push(h.baseOffset);
      at += h.batchLength + 12;
    }
  }
  return out;
}

describe('a failed append leaves the log exactly as it was', () => {
  test('short write then ENOSPC: the append fails retriably, the bytes are cut back, the next append takes the next offset', () => {
    const fs = new MemoryFileSystem();
    const { log } = openLog(fs);
    const acked = [appendBatch(log, 5, 100), appendBatch(log, 5, 200)];
    const sizeBefore = fs.readFile(SEGMENT)?.length;
    fs.capacity = fs.used() + 40; // the next batch gets 40 of its bytes in, then the disk is full
    assert.throws(() => appendBatch(log, 5, 300), { code: 'STORAGE.WRITE_FAILED' });
    assert.equal(fs.readFile(SEGMENT)?.length, sizeBefore, 'the partial batch was truncated away');
    assert.equal(log.logEndOffset(), 10, 'no offset was handed out');
    fs.clearFaults();
    acked.push(appendBatch(log, 5, 400));
    assert.deepEqual(acked, [0, 5, 10], 'the next append takes the next offset');
    assert.deepEqual(storedBatches(log), [0, 5, 10]);
  });

  test('a process crash after a short write and a later acknowledged append keeps every acknowledged batch', () => {
    const fs = new MemoryFileSystem();
    const { log } = openLog(fs);
    appendBatch(log, 5, 100);
    fs.inject({ op: 'append', code: 'ENOSPC', pathIncludes: '.log', writtenBefore: 17 });
    assert.throws(() => appendBatch(log, 5, 200)); // whatever the error, what follows must hold
    const acked = appendBatch(log, 5, 300);
    // kill -9: no clean shutdown; the next start validates the active segment
    const again = openLog(fs).log;
    assert.deepEqual(storedBatches(again), [0, acked]);
    assert.equal(again.logEndOffset(), 10);
  });

  test('when the bytes cannot be cut back the partition goes offline with a log line, and stays offline', () => {
    const fs = new MemoryFileSystem();
    const lines: string[] = [];
    const { log } = openLog(fs, recordingLogger(lines));
    appendBatch(log, 5, 100);
    fs.inject({ op: 'append', code: 'EIO', pathIncludes: '.log', writtenBefore: 30 });
    fs.inject({ op: 'truncate', code: 'EIO', pathIncludes: '.log' });
    assert.throws(() => appendBatch(log, 5, 200), { code: 'STORAGE.OFFLINE' });
    assert.throws(() => appendBatch(log, 5, 300), { code: 'STORAGE.OFFLINE', message: /EIO/ }, 'no further writes to a log in an unknown state');
    assert.throws(() => log.read(0, 1 << 20), { code: 'STORAGE.OFFLINE' }, 'nor reads');
    assert.match(log.offlineReason() ?? '', /EIO/);
    assert.ok(lines.some((l) => l.startsWith('error') && /offline/.test(l) && /t-0|"topic":"t"/.test(l)), lines.join('\n'));
  });

  test('a failed fsync takes the partition offline (the kernel may have dropped the dirty pages)', () => {
    const fs = new MemoryFileSystem();
    const { log } = openLog(fs);
    appendBatch(log, 5, 100);
    fs.inject({ op: 'sync', code: 'EIO', pathIncludes: '.log' });
    assert.throws(() => log.flush(), { code: 'STORAGE.OFFLINE' });
    assert.throws(() => appendBatch(log, 1, 200), { code: 'STORAGE.OFFLINE' });
  });

  test('a full disk at segment roll fails the append retriably and leaves the old segment active', () => {
    const fs = new MemoryFileSystem();
    const store = new FileLogStore({ dir: '/data', fs, clock: new ManualClock(0) });
    const log = store.open('t', 0, { ...config, segmentBytes: 300 });
    appendBatch(log, 5, 100);
    appendBatch(log, 5, 100);
    fs.capacity = fs.used(); // nothing more fits: neither the index files of the closing segment nor the new batch
    assert.throws(() => appendBatch(log, 5, 200), { code: 'STORAGE.WRITE_FAILED' });
    fs.clearFaults();
    assert.equal(appendBatch(log, 5, 300), 10);
    assert.deepEqual(storedBatches(log), [0, 5, 10]);
  });
});
