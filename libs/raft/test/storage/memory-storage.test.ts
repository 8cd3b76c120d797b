import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStorage } from '../../src';
import { batch } from '../helpers/solo';

test('reads return named errors: COMPACTED below the start, UNAVAILABLE past the end, NOT_BATCH_BOUNDARY inside a batch', () => {
  const s = new MemoryStorage();
  s.append([batch(0, 1, 'a', 'b'), batch(2, 1, 'c'), batch(3, 2, 'd')]);
  s.saveSnapshot({ endOffset: 2, epoch: 1, bytes: Buffer.from('s') });
  s.compact(2);
  assert.deepEqual(s.batches(0, 4, 100), { ok: false, error: { code: 'COMPACTED', offset: 0, firstOffset: 2 } });
  assert.deepEqual(s.batches(9, 10, 100), { ok: false, error: { code: 'UNAVAILABLE', offset: 9, endOffset: 4 } });
  s.append([batch(4, 2, 'e', 'f')]);
  assert.deepEqual(s.batches(5, 6, 100), { ok: false, error: { code: 'NOT_BATCH_BOUNDARY', offset: 5 } });
  assert.deepEqual(s.epochOf(1), { ok: true, value: 1 }, 'the record just below the start');
  assert.equal(s.epochOf(0).ok, false);
});

test('epoch bookkeeping follows appends, truncation, compaction and snapshot installs', () => {
  const s = new MemoryStorage();
  s.append([batch(0, 1, 'a'), batch(1, 3, 'b', 'c'), batch(3, 3, 'd')]);
  assert.deepEqual(s.endOffsetForEpoch(2), { epoch: 1, endOffset: 1 });
  assert.deepEqual(s.endOffsetForEpoch(3), { epoch: 3, endOffset: 4 });
  assert.equal(s.endOffsetForEpoch(0), undefined);
  s.truncateTo(1);
  assert.equal(s.lastEpoch(), 1);
  assert.throws(() => s.truncateTo(0.5), /batch boundary/);
  assert.throws(() => s.append([batch(0, 1, 'x')]), /append at 0/);
  assert.throws(() => s.append([batch(1, 0, 'x')]), /epoch 0 after epoch 1/);
  assert.throws(() => s.compact(1), /not covered by a snapshot/);
  s.installSnapshot({ endOffset: 50, epoch: 7, bytes: Buffer.from('s') });
  assert.deepEqual([s.firstOffset(), s.endOffset(), s.lastEpoch()], [50, 50, 7]);
  assert.deepEqual(s.epochOf(49), { ok: true, value: 7 });
});

test('clone() is independent', () => {
  const s = new MemoryStorage();
  s.append([batch(0, 1, 'a')]);
  const c = s.clone();
  s.append([batch(1, 1, 'b')]);
  assert.deepEqual([s.endOffset(), c.endOffset()], [2, 1]);
});
