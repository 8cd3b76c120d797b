import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LeaderEpochCache, decodeEpochCheckpoint, encodeEpochCheckpoint } from '../src';

test('assign keeps epochs and start offsets ascending; a contradicting entry replaces what it contradicts', () => {
  const c = new LeaderEpochCache();
  assert.equal(c.assign(1, 0), true);
  assert.equal(c.assign(1, 5), false, 'the same epoch later: nothing new');
  c.assign(3, 10);
  c.assign(4, 20);
  assert.equal(c.assign(2, 15), true, 'a lower epoch at a higher offset (a new leader after truncation) drops epochs 3 and 4');
  assert.deepEqual(c.all(), [{ epoch: 1, startOffset: 0 }, { epoch: 2, startOffset: 15 }]);
  assert.equal(c.assign(-1, 30), false, 'no epoch (old message format) is never cached');
});

test('endOffsetFor answers as Kafka: the latest epoch ends at the log end, an older one where the next starts', () => {
  const c = new LeaderEpochCache([{ epoch: 2, startOffset: 10 }, { epoch: 4, startOffset: 30 }, { epoch: 7, startOffset: 50 }]);
  assert.deepEqual(c.endOffsetFor(7, 80), { epoch: 7, endOffset: 80 });
  assert.deepEqual(c.endOffsetFor(4, 80), { epoch: 4, endOffset: 50 });
  assert.deepEqual(c.endOffsetFor(5, 80), { epoch: 4, endOffset: 50 }, 'an epoch with no entry: the largest one below it');
  assert.deepEqual(c.endOffsetFor(1, 80), { epoch: 1, endOffset: 10 }, 'below the first epoch: the first start offset');
  assert.deepEqual(c.endOffsetFor(9, 80), { epoch: -1, endOffset: -1 }, 'above the latest: unknown');
  assert.deepEqual(c.endOffsetFor(-1, 80), { epoch: -1, endOffset: -1 });
  assert.equal(c.epochForOffset(29), 2);
  assert.equal(c.epochForOffset(30), 4);
  assert.equal(c.epochForOffset(9), null);
});

test('truncation from the end drops epochs that start at or past it; from the start moves the covering epoch up', () => {
  const c = new LeaderEpochCache([{ epoch: 2, startOffset: 10 }, { epoch: 4, startOffset: 30 }, { epoch: 7, startOffset: 50 }]);
  assert.equal(c.truncateFromEnd(50), true);
  assert.deepEqual(c.all().map((e) => e.epoch), [2, 4]);
  assert.equal(c.truncateFromStart(35), true);
  assert.deepEqual(c.all(), [{ epoch: 4, startOffset: 35 }]);
  assert.equal(c.truncateFromStart(35), false);
});

test('the checkpoint file has Kafka\'s text layout and a torn one is refused', () => {
  const entries = [{ epoch: 0, startOffset: 0 }, { epoch: 3, startOffset: 1200 }];
  const bytes = encodeEpochCheckpoint(entries);
  assert.equal(bytes.toString(), '0\n2\n0 0\n3 1200\n');
  assert.deepEqual(decodeEpochCheckpoint(bytes), entries);
  assert.equal(decodeEpochCheckpoint(bytes.subarray(0, bytes.length - 6)), null);
  assert.equal(decodeEpochCheckpoint(Buffer.from('1\n0\n')), null, 'unknown version');
});
