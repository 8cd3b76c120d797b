import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EpochIndex } from '../../src/log/epoch-index';
import { MemoryStorage } from '../../src';
import { batch } from '../helpers/solo';

// Log: epoch 1 on [0,3), epoch 3 on [3,5), epoch 4 on [5,6).
const index = () => new EpochIndex(undefined, [
  { epoch: 1, startOffset: 0 },
  { epoch: 3, startOffset: 3 },
  { epoch: 4, startOffset: 5 },
]);

test('endOffsetForEpoch answers the largest epoch ≤ the asked one and where it ends', () => {
  const i = index();
  assert.deepEqual(i.endOffsetForEpoch(0, 6), { epoch: 0, endOffset: 0 });
  assert.deepEqual(i.endOffsetForEpoch(1, 6), { epoch: 1, endOffset: 3 });
  assert.deepEqual(i.endOffsetForEpoch(2, 6), { epoch: 1, endOffset: 3 });
  assert.deepEqual(i.endOffsetForEpoch(3, 6), { epoch: 3, endOffset: 5 });
  assert.deepEqual(i.endOffsetForEpoch(9, 6), { epoch: 4, endOffset: 6 });
});

test('epochOf finds the epoch of a record; truncation forgets epochs that start at or above the cut', () => {
  const i = index();
  assert.deepEqual([0, 2, 3, 4, 5].map((o) => i.epochOf(o)), [1, 1, 3, 3, 4]);
  i.truncateTo(5);
  assert.equal(i.lastEpoch(), 3);
  i.truncateTo(4);
  assert.equal(i.lastEpoch(), 3);
  i.truncateTo(3);
  assert.equal(i.lastEpoch(), 1);
  assert.throws(() => i.append(0, 3), /epoch 0 appended after epoch 1/);
});

test('after a snapshot the base answers for the record below the log start', () => {
  const i = index();
  i.reset({ endOffset: 6, epoch: 4 });
  assert.equal(i.epochOf(5), 4);
  assert.equal(i.epochOf(4), undefined);
  assert.deepEqual(i.endOffsetForEpoch(4, 6), { epoch: 4, endOffset: 6 });
  i.append(6, 6);
  assert.deepEqual(i.endOffsetForEpoch(5, 8), { epoch: 4, endOffset: 6 });
  assert.deepEqual(i.endOffsetForEpoch(6, 8), { epoch: 6, endOffset: 8 });
});

test('rebuilt from storage, also after compaction in the middle of an epoch', () => {
  const s = new MemoryStorage();
  s.append([batch(0, 1, 'a', 'b'), batch(2, 1, 'c'), batch(3, 3, 'd'), batch(4, 4, 'e', 'f')]);
  const full = EpochIndex.fromStorage(s);
  assert.deepEqual(full.endOffsetForEpoch(3, 6), { epoch: 3, endOffset: 4 });
  assert.deepEqual(full.endOffsetForEpoch(2, 6), { epoch: 1, endOffset: 3 });
  s.saveSnapshot({ endOffset: 2, epoch: 1, bytes: Buffer.alloc(0) });
  s.compact(2);
  const compacted = EpochIndex.fromStorage(s);
  assert.equal(compacted.epochOf(1), 1);
  assert.equal(compacted.epochOf(2), 1);
  assert.equal(compacted.epochOf(3), 3);
  assert.deepEqual(compacted.endOffsetForEpoch(1, 6), { epoch: 1, endOffset: 3 });
});
