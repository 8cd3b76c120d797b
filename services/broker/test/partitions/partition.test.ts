import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode, encodeRecordBatch, readBatchHeader } from '@orderlab/kafka-protocol';
import { DEFAULT_LOG_CONFIG, MemoryLogStore } from '@orderlab/log-store';
import { ManualClock } from '@orderlab/shared';
import { Partition } from '../../src/partitions/partition';

function batch(values: string[]): { bytes: Buffer; header: ReturnType<typeof readBatchHeader> } {
  const bytes = encodeRecordBatch({ records: values.map((value) => ({ value })) });
  return { bytes, header: readBatchHeader(bytes) };
}

function partition(store: MemoryLogStore): Partition {
  return new Partition('t', 0, store.open('t', 0, DEFAULT_LOG_CONFIG), 0, [1]);
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
