import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { decodeBatchRecords, encodeRecordBatch, readBatchHeader } from '@orderlab/kafka-protocol';
import { ManualClock } from '@orderlab/shared';
import { DEFAULT_LOG_CONFIG, type LogConfig, type LogStore, type PartitionLog } from '../../src';

/** How a scenario gets a store: fresh, or reopened over the same storage. */
export interface StoreFactory {
  create(clock: ManualClock, withTimestampHook: boolean): LogStore;
  /** A new store over the storage of the last one created (a restart). */
  reopen(clock: ManualClock, withTimestampHook: boolean): LogStore;
}

export const exactTimestamps = (batch: Buffer) =>
  decodeBatchRecords(batch, { 1: (b: Buffer) => gunzipSync(b) }).map((r) => ({ offset: r.offset, timestamp: r.timestamp }));

const config = (overrides: Partial<LogConfig> = {}): LogConfig => ({ ...DEFAULT_LOG_CONFIG, indexIntervalBytes: 64, ...overrides });

/** Append a batch of `n` records with timestamps starting at `ts`, one ms apart. */
export function appendBatch(log: PartitionLog, n: number, ts: number, tag = 'r'): number {
  const batch = encodeRecordBatch({ records: Array.from({ length: n }, (_, i) => ({ value: `${tag}-${i}`, timestamp: ts + i })) });
  return log.append(batch, { leaderEpoch: 3 }).baseOffset;
}

function readOffsets(log: PartitionLog, from: number, maxBytes = 1 << 20, maxOffset?: number): number[] {
  const { chunks } = log.read(from, maxBytes, maxOffset === undefined ? {} : { maxOffset });
  const out: number[] = [];
  for (const c of chunks) {
    for (let at = 0; at < c.length; ) {
      const h = readBatchHeader(c, at);
      out.push(h.baseOffset);
      at += h.batchLength + 12;
    }
  }
  return out;
}

/** The storage scenarios, written once and run against every LogStore implementation. */
export function runLogScenarios(name: string, factory: StoreFactory): void {
  describe(`log scenarios: ${name}`, () => {
    test('appends get consecutive offsets, stamped into the batch with the leader epoch', () => {
      const log = factory.create(new ManualClock(1000), false).open('t', 0, config());
      assert.deepEqual([appendBatch(log, 5, 1), appendBatch(log, 5, 1), appendBatch(log, 1, 1)], [0, 5, 10]);
      assert.equal(log.logEndOffset(), 11);
      const [chunk] = log.read(0, 1 << 20).chunks;
      const h = readBatchHeader(chunk as Buffer, 0);
      assert.deepEqual([h.baseOffset, h.partitionLeaderEpoch], [0, 3]);
    });

    test('reads start at the batch holding the offset and stop at maxOffset and maxBytes', () => {
      const log = factory.create(new ManualClock(1000), false).open('t', 0, config());
      for (let i = 0; i < 4; i++) appendBatch(log, 5, 1);
      assert.deepEqual(readOffsets(log, 7), [5, 10, 15]);
      assert.deepEqual(readOffsets(log, 0, 1 << 20, 10), [0, 5]);
      assert.deepEqual(readOffsets(log, 0, 10), [0], 'the first batch comes whole even when larger than maxBytes');
      assert.equal(log.read(0, 10, { minOneBatch: false }).bytes, 0);
      assert.deepEqual(readOffsets(log, 20), []);
    });

    test('the active segment rolls by size; reads span segments; closed segments stay readable', () => {
      const log = factory.create(new ManualClock(1000), false).open('t', 0, config({ segmentBytes: 300 }));
      for (let i = 0; i < 10; i++) appendBatch(log, 3, 1);
      assert.deepEqual(readOffsets(log, 0), Array.from({ length: 10 }, (_, i) => i * 3));
      assert.deepEqual(readOffsets(log, 14), [12, 15, 18, 21, 24, 27]);
      assert.ok(log.sizeBytes() > 300);
    });

    test('retention by time deletes whole old segments (injected clock) and advances the log start', () => {
      const clock = new ManualClock(1_000_000);
      const log = factory.create(clock, false).open('t', 0, config({ segmentMs: 1000, retentionMs: 5000 }));
      appendBatch(log, 2, clock.now());
      clock.advance(1500);
      appendBatch(log, 2, clock.now()); // rolls by age: a second segment starts at offset 2
      clock.advance(1500);
      appendBatch(log, 2, clock.now()); // and a third at 4
      assert.equal(log.applyRetention(), 0, 'nothing is old enough yet');
      clock.advance(3000);
      assert.equal(log.applyRetention(), 2, 'the first segment (newest record 6 s old) is gone, the second (4.5 s) stays');
      assert.equal(log.logStartOffset(), 2);
      assert.deepEqual(readOffsets(log, 2), [2, 4]);
      clock.advance(100_000);
      assert.equal(log.applyRetention(), 4, 'the active segment is never deleted');
      assert.equal(log.logEndOffset(), 6);
    });

    test('retention by bytes deletes the oldest closed segments while the partition is too large', () => {
      const log = factory.create(new ManualClock(0), false).open('t', 0, config({ segmentBytes: 200, retentionMs: -1 }));
      for (let i = 0; i < 8; i++) appendBatch(log, 2, i);
      const size = log.sizeBytes();
      log.updateConfig(config({ segmentBytes: 200, retentionMs: -1, retentionBytes: Math.floor(size / 2) }));
      const start = log.applyRetention();
      assert.ok(start > 0, 'old segments were deleted');
      assert.ok(log.sizeBytes() <= Math.floor(size / 2) + 200);
      assert.equal(readOffsets(log, start)[0], start);
    });

    test('deleteRecordsBefore advances the log start and drops segments wholly below it', () => {
      const log = factory.create(new ManualClock(0), false).open('t', 0, config({ segmentBytes: 200 }));
      for (let i = 0; i < 8; i++) appendBatch(log, 2, i);
      log.deleteRecordsBefore(9);
      assert.equal(log.logStartOffset(), 9);
      assert.ok(readOffsets(log, 9)[0] as number <= 9);
      log.deleteRecordsBefore(1000);
      assert.equal(log.logStartOffset(), 16, 'never past the log end');
    });

    test('offsetForTimestamp: exact per record with the decoding hook, per batch without', () => {
      for (const hook of [true, false]) {
        const log = factory.create(new ManualClock(0), hook).open('t', 0, config());
        appendBatch(log, 5, 100); // timestamps 100..104 at offsets 0..4
        appendBatch(log, 5, 200); // 200..204 at 5..9
        const at = log.offsetForTimestamp(102);
        assert.deepEqual(at, hook ? { offset: 2, timestamp: 102, leaderEpoch: 3 } : { offset: 0, timestamp: 104, leaderEpoch: 3 });
        assert.equal(log.offsetForTimestamp(150)?.offset, 5);
        assert.equal(log.offsetForTimestamp(205), null);
      }
    });

    test('truncateTo removes everything from an offset on', () => {
      const log = factory.create(new ManualClock(0), false).open('t', 0, config({ segmentBytes: 250 }));
      for (let i = 0; i < 6; i++) appendBatch(log, 2, i);
      log.truncateTo(6);
      assert.equal(log.logEndOffset(), 6);
      assert.deepEqual(readOffsets(log, 0), [0, 2, 4]);
      assert.equal(appendBatch(log, 2, 9), 6, 'appending continues at the truncation point');
    });

    test('truncateFullyAndStartAt empties the log and continues at the offset, also after a crash', () => {
      const store = factory.create(new ManualClock(0), false);
      const log = store.open('t', 0, config({ segmentBytes: 250 }));
      for (let i = 0; i < 6; i++) appendBatch(log, 2, i);
      log.truncateFullyAndStartAt(40);
      assert.deepEqual([log.logStartOffset(), log.logEndOffset()], [40, 40]);
      assert.deepEqual(readOffsets(log, 0), []);
      assert.equal(appendBatch(log, 2, 9), 40, 'appending continues at the new start');
      log.flush();
      const reopened = factory.reopen(new ManualClock(0), false).open('t', 0, config({ segmentBytes: 250 }));
      assert.deepEqual([reopened.logStartOffset(), reopened.logEndOffset()], [40, 42]);
      assert.deepEqual(readOffsets(reopened, 0), [40]);
    });

    test('a clean close and reopen gives the same log; scanBatches sees producer fields', () => {
      const store = factory.create(new ManualClock(0), false);
      const log = store.open('t', 0, config({ segmentBytes: 250 }));
      for (let i = 0; i < 6; i++) appendBatch(log, 2, i);
      log.deleteRecordsBefore(3);
      store.close();
      const again = factory.reopen(new ManualClock(0), false);
      assert.equal(again.cleanStart, true);
      assert.deepEqual(again.list(), [{ topic: 't', partition: 0 }]);
      const reopened = again.open('t', 0, config({ segmentBytes: 250 }));
      assert.deepEqual([reopened.logStartOffset(), reopened.logEndOffset()], [3, 12]);
      const seen: number[] = [];
      reopened.scanBatches(0, (b) => seen.push(b.baseOffset));
      assert.deepEqual(seen, [2, 4, 6, 8, 10], 'scan starts at the batch holding the log start');
      again.remove('t', 0);
      assert.deepEqual(again.list(), []);
    });
  });
}
