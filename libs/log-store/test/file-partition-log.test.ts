import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeRecordBatch, readBatchHeader } from '@orderlab/kafka-protocol';
import { ManualClock, type Logger } from '@orderlab/shared';
import { CountingFileSystem, DEFAULT_LOG_CONFIG, FileLogStore, MemoryFileSystem, MemoryLogStore, type LogConfig, type PartitionLog } from '../src';
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

function openLogWith(fs: MemoryFileSystem, logConfig: LogConfig): PartitionLog {
  return new FileLogStore({ dir: '/data', fs, clock: new ManualClock(0) }).open('t', 0, logConfig);
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

const idempotentBatch = (producerId: number, baseSequence: number, count: number, timestamp: number, leaderEpoch = -1) =>
  encodeRecordBatch({ records: Array.from({ length: count }, (_, i) => ({ value: `v${baseSequence + i}`, timestamp })), producerId, producerEpoch: 0, baseSequence, partitionLeaderEpoch: leaderEpoch });

describe('idempotent producers and leader epochs live in the log', () => {
  test('producers idle for producer.id.expiration.ms are dropped by the store\'s timer, and not loaded again', () => {
    const clock = new ManualClock(1000);
    const store = new MemoryLogStore({ clock, producerIdExpirationMs: 10_000 });
    const log = store.open('t', 0, config);
    log.append(idempotentBatch(7, 0, 2, 1000), { leaderEpoch: 0 });
    log.append(idempotentBatch(8, 0, 2, 6000), { leaderEpoch: 0 });
    clock.set(10_999);
    store.runDueMaintenance();
    assert.equal(log.producerState().size, 2, 'nobody is idle 10 s yet');
    clock.set(11_000);
    store.runDueMaintenance();
    assert.equal(log.producerState().entry(7), undefined, 'producer 7 expired');
    assert.ok(log.producerState().entry(8));
    store.close();
    clock.set(16_000);
    const again = new MemoryLogStore({ clock, producerIdExpirationMs: 10_000, fs: store.memory }).open('t', 0, config);
    assert.equal(again.producerState().size, 0, 'producer 8 expired while the broker was down');
  });

  test('epochs are cached as batches arrive, truncated with the log, and survive clean and unclean restarts', () => {
    const fs = new MemoryFileSystem();
    const { store, log } = openLog(fs);
    log.append(idempotentBatch(7, 0, 2, 1), { leaderEpoch: 1 });
    log.append(idempotentBatch(7, 2, 2, 1), { leaderEpoch: 1 });
    log.append(idempotentBatch(7, 4, 2, 1), { leaderEpoch: 4 });
    log.append(idempotentBatch(7, 6, 2, 1), { leaderEpoch: 6 });
    assert.deepEqual(log.leaderEpochs().entries(), [{ epoch: 1, startOffset: 0 }, { epoch: 4, startOffset: 4 }, { epoch: 6, startOffset: 6 }]);
    assert.deepEqual(log.leaderEpochs().endOffsetFor(4), { epoch: 4, endOffset: 6 });
    log.truncateTo(6);
    assert.deepEqual(log.leaderEpochs().endOffsetFor(4), { epoch: 4, endOffset: 6 }, 'epoch 4 is now the latest and ends at the log end');
    assert.equal(log.leaderEpochs().latestEpoch(), 4);
    assert.equal(log.producerState().entry(7)?.batches.at(-1)?.lastSeq, 5, 'producer state rebuilt for what is left');
    const unclean = openLog(fs).log;
    assert.deepEqual(unclean.leaderEpochs().entries().map((e) => e.epoch), [1, 4]);
    store.close();
  });

  test('a follower append keeps the leader\'s offsets and epochs and refuses what does not continue the log', () => {
    const fs = new MemoryFileSystem();
    const leader = openLog(fs).log;
    leader.append(idempotentBatch(7, 0, 3, 1), { leaderEpoch: 2 });
    leader.append(idempotentBatch(7, 3, 3, 1), { leaderEpoch: 5 });
    const fetched = Buffer.concat(leader.read(0, 1 << 20).chunks as Buffer[]);
    const follower = new FileLogStore({ dir: '/follower', fs, clock: new ManualClock(0) }).open('t', 0, config);
    assert.deepEqual(follower.appendReplicated(fetched), { baseOffset: 0, lastOffset: 5, logEndOffset: 6 });
    assert.deepEqual(storedBatches(follower), [0, 3]);
    assert.deepEqual(follower.leaderEpochs().entries(), [{ epoch: 2, startOffset: 0 }, { epoch: 5, startOffset: 3 }]);
    assert.equal(follower.producerState().entry(7)?.batches.length, 2);
    assert.throws(() => follower.appendReplicated(fetched), { code: 'LOG.OFFSET_MISMATCH' });
    const damaged = Buffer.from(leader.read(3, 1 << 20).chunks[0] as Buffer);
    damaged[damaged.length - 1] = (damaged[damaged.length - 1] as number) ^ 1;
    const next = new FileLogStore({ dir: '/f2', fs, clock: new ManualClock(0) }).open('t', 0, config);
    next.appendReplicated(leader.read(0, 1).chunks[0] as Buffer); // the first batch alone
    assert.throws(() => next.appendReplicated(damaged), { code: 'LOG.INVALID_BATCH' });
    assert.equal(next.logEndOffset(), 3);
    assert.equal(next.offlineReason(), null, 'refused input does not take the log offline');
  });
});

describe('rolled segments are fsynced in the background', () => {
  const rollConfig: LogConfig = { ...config, segmentBytes: 400 };

  test('a failing fsync does not fail the append that rolled; the log goes offline when the flusher meets it', async () => {
    const fs = new MemoryFileSystem();
    const lines: string[] = [];
    const store = new FileLogStore({ dir: '/data', fs, clock: new ManualClock(0), logger: recordingLogger(lines) });
    const log = store.open('t', 0, rollConfig);
    fs.inject({ op: 'sync', code: 'EIO', pathIncludes: '.log', times: Infinity });
    for (let i = 0; i < 4; i++) appendBatch(log, 5, i); // rolls: the old segment's fsync is queued, not done here
    assert.ok(log.sizeBytes() > 400);
    assert.equal(log.offlineReason(), null);
    await store.flushedInBackground();
    assert.match(log.offlineReason() ?? '', /background flush failed: EIO/);
    assert.ok(lines.some((l) => l.startsWith('error') && /offline/.test(l)));
  });

  test('a crash before the background fsync: recovery re-validates from the recovery point and the log continues without a hole', () => {
    const fs = new MemoryFileSystem();
    const log = openLogWith(fs, rollConfig);
    const bases = Array.from({ length: 6 }, (_, i) => appendBatch(log, 5, i));
    fs.crash(); // power loss: the rolled segments were never fsynced
    const again = openLogWith(fs, rollConfig);
    const kept = storedBatches(again);
    const end = again.logEndOffset();
    assert.deepEqual(kept, bases.filter((b) => b < end), 'every offset below the log end is readable: no hole');
    assert.equal(appendBatch(again, 5, 9), end, 'the next append continues at the end');
  });

  test('after the background fsync, a crash loses nothing below the recovery point and the restart reads only the active segment', async () => {
    const memory = new MemoryFileSystem();
    const fs = new CountingFileSystem(memory);
    const store = new FileLogStore({ dir: '/data', fs, clock: new ManualClock(0) });
    const log = store.open('t', 0, rollConfig);
    const bases = Array.from({ length: 12 }, (_, i) => appendBatch(log, 5, i));
    await store.flushedInBackground();
    const activeBase = log.position(log.logEndOffset())?.segmentBaseOffset ?? -1;
    memory.crash();
    fs.reset();
    const again = new FileLogStore({ dir: '/data', fs, clock: new ManualClock(0) }).open('t', 0, rollConfig);
    const restartRead = fs.counts.bytesRead;
    const kept = storedBatches(again);
    assert.deepEqual(kept, bases.filter((b) => b < activeBase), 'every batch of the flushed segments survived; the active segment had no fsync');
    assert.ok(restartRead < 2 * 400 + 200, `restart read ${restartRead} bytes of a ${again.sizeBytes()}-byte log`);
  });
});

describe('reads cost what they return', () => {
  test('a fetch reads its bytes once, plus 12-byte batch prefixes within one index interval', () => {
    const memory = new MemoryFileSystem();
    const fs = new CountingFileSystem(memory);
    // The file path's cost: no recent appends to answer from.
    const store = new FileLogStore({ dir: '/data', fs, clock: new ManualClock(0), recentAppendBytes: 0 });
    const log = store.open('t', 0, { ...DEFAULT_LOG_CONFIG, segmentBytes: 256 * 1024 });
    for (let i = 0; i < 3000; i++) appendBatch(log, 3, i);
    for (const [from, maxBytes] of [[1234, 64 * 1024], [4000, 100_000], [8001, 1 << 20]] as const) {
      fs.reset();
      const r = log.read(from, maxBytes);
      const prefixBytes = fs.counts.bytesRead - r.bytes;
      assert.ok(r.bytes > 0 && r.bytes <= maxBytes);
      // batches here are about 90 bytes: a walk over one 4 KiB index interval reads at most ~50 prefixes
      assert.ok(prefixBytes <= 2 * 12 * (4096 / 80 + 2), `read ${fs.counts.bytesRead} for ${r.bytes} returned`);
    }
  });

  test('closed segments load their index on demand; the loaded ones stay within the cache budget', () => {
    const store = new MemoryLogStore({ clock: new ManualClock(0), indexCacheBytes: 600 });
    const log = store.open('t', 0, { ...config, segmentBytes: 4096 });
    for (let i = 0; i < 400; i++) appendBatch(log, 2, i);
    store.close();
    const again = new MemoryLogStore({ clock: new ManualClock(0), indexCacheBytes: 600, fs: store.memory });
    const reopened = again.open('t', 0, { ...config, segmentBytes: 4096 });
    assert.equal(again.loadedIndexBytes(), 0, 'nothing loaded at open');
    for (let offset = 0; offset < reopened.logEndOffset(); offset += 40) {
      assert.ok(reopened.read(offset, 100).bytes > 0);
      assert.ok(again.loadedIndexBytes() <= 600 + 600, `index memory ${again.loadedIndexBytes()}`);
    }
    assert.ok(again.loadedIndexBytes() > 0);
  });
});
