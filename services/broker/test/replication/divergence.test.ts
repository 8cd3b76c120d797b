import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LeaderEpochCache } from '@orderlab/log-store';
import { divergingEpoch, outOfRangeAction, truncationOffset } from '../../src/replication/divergence';

// Leader: epoch 0 wrote 0-4, epoch 2 from 5, log end 9. A former leader in epoch 1 wrote 5-7 alone.
const leader = new LeaderEpochCache([{ epoch: 0, startOffset: 0 }, { epoch: 2, startOffset: 5 }]);
const former = new LeaderEpochCache([{ epoch: 0, startOffset: 0 }, { epoch: 1, startOffset: 5 }]);

test('leader: a follower whose last epoch ended earlier here gets DivergingEpoch; one in step gets records', () => {
  assert.deepEqual(divergingEpoch(1, 8, leader.endOffsetFor(1, 9)), { epoch: 0, endOffset: 5 }, 'epoch 1 is unknown here: the largest below it and where it ended');
  assert.equal(divergingEpoch(2, 7, leader.endOffsetFor(2, 9)), null, 'the current epoch, within the log');
  assert.deepEqual(divergingEpoch(2, 12, leader.endOffsetFor(2, 9)), { epoch: 2, endOffset: 9 }, 'past this log\'s end of that epoch');
  assert.equal(divergingEpoch(-1, 0, leader.endOffsetFor(-1, 9)), null, 'no last epoch (empty follower, or old protocol): nothing to check');
  assert.equal(divergingEpoch(3, 0, new LeaderEpochCache().endOffsetFor(3, 0)), 'out-of-range', 'a leader that knows no epoch at all');
});

test('follower: truncates to the end of the common epoch — not to its own high watermark (KIP-101)', () => {
  const d = { epoch: 0, endOffset: 5 };
  assert.deepEqual(truncationOffset(d, former.endOffsetFor(0, 8), 8), { offset: 5, done: true }, 'cut 5-7, even if its high watermark were 8 or 3');
  // The follower holds epoch 3 from offset 5 that the leader (which says epoch 2 ended at 9) never had: cut at its own epoch boundary first, then fetch again.
  const ahead = new LeaderEpochCache([{ epoch: 0, startOffset: 0 }, { epoch: 3, startOffset: 5 }]);
  assert.deepEqual(truncationOffset({ epoch: 2, endOffset: 9 }, ahead.endOffsetFor(2, 12), 12), { offset: 5, done: false });
  assert.deepEqual(truncationOffset({ epoch: 0, endOffset: 5 }, new LeaderEpochCache([{ epoch: 4, startOffset: 0 }]).endOffsetFor(0, 3), 3), { offset: 0, done: true }, 'everything it holds is of a later epoch the leader never had: all of it goes');
  assert.deepEqual(truncationOffset({ epoch: 2, endOffset: 9 }, leader.endOffsetFor(2, 7), 7), { offset: 7, done: true }, 'never past its own log end');
});

test('out of range: a leader starting past our end means starting over there; a longer tail than the leader\'s high watermark is cut', () => {
  assert.deepEqual(outOfRangeAction(3, 10, 20), { kind: 'restart', offset: 10 });
  assert.deepEqual(outOfRangeAction(25, 10, 20), { kind: 'truncate', offset: 20 });
  assert.deepEqual(outOfRangeAction(15, 10, 20), { kind: 'none' });
});
