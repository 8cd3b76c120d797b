import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode, encodeRecordBatch, readBatchHeader } from '@orderlab/kafka-protocol';
import { CountingFileSystem, DEFAULT_LOG_CONFIG, FileLogStore, MemoryFileSystem, MemoryLogStore } from '@orderlab/log-store';
import { ManualClock } from '@orderlab/shared';
import { Partition } from '../../src/partitions/partition';

function batch(values: string[]): { bytes: Buffer; header: ReturnType<typeof readBatchHeader> } {
  const bytes = encodeRecordBatch({ records: values.map((value) => ({ value })) });
  return { bytes, header: readBatchHeader(bytes) };
}

function partition(store: MemoryLogStore): Partition {
  return new Partition('t', 0, store.open('t', 0, DEFAULT_LOG_CONFIG), 1, { leader: 1, leaderEpoch: 0, partitionEpoch: 0, replicas: [1], isr: [1] });
}

test('a full disk fails the produce with KAFKA_STORAGE_ERROR (retriable) and the partition keeps serving', () => {
  const store = new MemoryLogStore({ clock: new ManualClock(0) });
  const p = partition(store);
  const first = batch(['a', 'b']);
  assert.equal(p.appendBatch(first.bytes, first.header).errorCode, 0);
  store.memory.capacity = store.memory.used() + 10;
  const second = batch(['c', 'd']);
  const failed = p.appendBatch(second.bytes, second.header);
  assert.equal(failed.errorCode, ErrorCode.KAFKA_STORAGE_ERROR);
  assert.match(failed.message ?? '', /ENOSPC/);
  assert.equal(p.highWatermark(), 2, 'nothing was exposed to consumers');
  store.memory.clearFaults();
  const retried = batch(['c', 'd']);
  assert.deepEqual([p.appendBatch(retried.bytes, retried.header).baseOffset, p.highWatermark()], [2, 4]);
  assert.equal(p.offlineReason(), null);
});

test('an I/O error that cannot be undone takes the partition offline: produce and fetch get KAFKA_STORAGE_ERROR', () => {
  const store = new MemoryLogStore({ clock: new ManualClock(0) });
  const p = partition(store);
  store.memory.inject({ op: 'append', code: 'EIO', pathIncludes: '.log', writtenBefore: 20 });
  store.memory.inject({ op: 'truncate', code: 'EIO', pathIncludes: '.log' });
  const b = batch(['x']);
  assert.equal(p.appendBatch(b.bytes, b.header).errorCode, ErrorCode.KAFKA_STORAGE_ERROR);
  assert.match(p.offlineReason() ?? '', /EIO/);
  const read = p.read(0, 1 << 20, false, true);
  assert.deepEqual(read, { errorCode: ErrorCode.KAFKA_STORAGE_ERROR });
});

const idempotent = (producerId: number, baseSequence: number, count: number) => {
  const bytes = encodeRecordBatch({ records: Array.from({ length: count }, (_, i) => ({ value: `p${producerId}-${baseSequence + i}` })), producerId, producerEpoch: 0, baseSequence });
  return { bytes, header: readBatchHeader(bytes) };
};

test('a batch cut away by truncateTo is written again when retried, not answered as a duplicate', () => {
  const store = new MemoryLogStore({ clock: new ManualClock(0) });
  const p = partition(store);
  for (const b of [idempotent(7, 0, 5), idempotent(7, 5, 5)]) assert.equal(p.appendBatch(b.bytes, b.header).errorCode, 0);
  p.log.truncateTo(5); // the second batch is gone (a follower truncating to the leader, later)
  const retried = idempotent(7, 5, 5);
  const outcome = p.appendBatch(retried.bytes, retried.header);
  assert.deepEqual([outcome.errorCode, outcome.baseOffset], [0, 5]);
  assert.equal(p.log.logEndOffset(), 10, 'the retried batch is stored again');
  const gap = idempotent(7, 20, 1);
  assert.equal(p.appendBatch(gap.bytes, gap.header).errorCode, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, 'and the sequence continues from what the log holds');
});

test('idempotence survives retention and a restart: a producer whose batches were deleted is still recognised', () => {
  const clock = new ManualClock(0);
  const store = new MemoryLogStore({ clock });
  const config = { ...DEFAULT_LOG_CONFIG, segmentBytes: 300, retentionMs: -1 };
  const p = new Partition('t', 0, store.open('t', 0, config), 1, { leader: 1, leaderEpoch: 0, partitionEpoch: 0, replicas: [1], isr: [1] });
  const first = idempotent(7, 0, 3);
  assert.equal(p.appendBatch(first.bytes, first.header).baseOffset, 0);
  for (let i = 0; i < 6; i++) {
    const b = idempotent(8, i * 3, 3);
    assert.equal(p.appendBatch(b.bytes, b.header).errorCode, 0);
  }
  p.log.deleteRecordsBefore(p.log.logEndOffset() - 3); // producer 7's only batch is deleted with its segment
  assert.ok(p.logStartOffset() > 2);
  store.close();
  const reopened = new MemoryLogStore({ clock, fs: store.memory });
  const again = new Partition('t', 0, reopened.open('t', 0, config), 1, { leader: 1, leaderEpoch: 0, partitionEpoch: 0, replicas: [1], isr: [1] });
  const end = again.logEndOffset();
  const retry = idempotent(7, 0, 3);
  const outcome = again.appendBatch(retry.bytes, retry.header);
  assert.deepEqual([outcome.errorCode, outcome.baseOffset], [0, 0], 'answered as the duplicate it is, with its original offset');
  assert.equal(again.logEndOffset(), end, 'and not written twice');
});

test('restart reads a bounded amount: a clean one < 1% of the log, an unclean one about the active segment', () => {
  const memory = new MemoryFileSystem();
  const fs = new CountingFileSystem(memory);
  const config = { ...DEFAULT_LOG_CONFIG, segmentBytes: 512 * 1024 };
  const open = () => {
    const store = new FileLogStore({ dir: '/data', fs, clock: new ManualClock(0) });
    return { store, p: new Partition('t', 0, store.open('t', 0, config), 1, { leader: 1, leaderEpoch: 0, partitionEpoch: 0, replicas: [1], isr: [1] }) };
  };
  const { store, p } = open();
  for (let i = 0; i < 800; i++) {
    const b = idempotent(100 + (i % 20), Math.floor(i / 20) * 50, 50);
    assert.equal(p.appendBatch(b.bytes, b.header).errorCode, 0);
  }
  const logBytes = p.log.sizeBytes();
  const activeBytes = logBytes % config.segmentBytes;
  store.close();
  fs.reset();
  const clean = open();
  const cleanRead = fs.counts.bytesRead;
  assert.ok(cleanRead < logBytes / 100, `clean start read ${cleanRead} of ${logBytes} bytes`);
  const retry = idempotent(119, 39 * 50, 50); // the last batch of producer 119: known without reading the log
  assert.equal(clean.p.appendBatch(retry.bytes, retry.header).baseOffset, clean.p.logEndOffset() - 50);
  fs.reset();
  const unclean = open(); // the previous store was not closed: a crash
  assert.equal(unclean.store.cleanStart, false);
  assert.ok(fs.counts.bytesRead < activeBytes + 64 * 1024, `unclean start read ${fs.counts.bytesRead} bytes; the active segment has ${activeBytes} of ${logBytes}`);
});
