import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReplicaTracker } from '../../src/tracker/replica-tracker';

test('the majority end offset counts voters only', () => {
  const t = new ReplicaTracker(1, [1, 2, 3]);
  t.updateLeader(10, 0);
  t.touch(100, 1);
  t.recordFetch(100, 10, 10, 1);
  assert.equal(t.majorityEndOffset(), 0);
  t.touch(2, 1);
  t.recordFetch(2, 7, 10, 1);
  assert.equal(t.majorityEndOffset(), 7);
  assert.deepEqual(t.observers().map((o) => o.replicaId), [100]);
  assert.deepEqual(t.voters().map((v) => v.replicaId), [1, 2, 3]);
});

test('a voter’s end offset never moves back within the epoch', () => {
  const t = new ReplicaTracker(1, [1, 2, 3]);
  t.recordFetch(2, 8, 10, 1);
  t.recordFetch(2, 5, 10, 2);
  assert.equal(t.voters().find((v) => v.replicaId === 2)!.logEndOffset, 8);
});

test('caught up: at the leader’s end now, or at the end the leader had at the previous fetch', () => {
  const t = new ReplicaTracker(1, [1, 2, 3]);
  t.touch(2, 5);
  t.recordFetch(2, 10, 10, 5);
  assert.equal(t.voters()[1]!.lastCaughtUpTick, 5);
  t.touch(2, 8);
  t.recordFetch(2, 10, 14, 8); // behind now, but holds what the leader had at tick 5
  assert.equal(t.voters()[1]!.lastCaughtUpTick, 5);
  t.touch(2, 9);
  t.recordFetch(2, 12, 16, 9); // 12 < 14, the leader's end at the previous fetch: not caught up
  assert.equal(t.voters()[1]!.lastCaughtUpTick, 5);
  t.touch(2, 11);
  t.recordFetch(2, 16, 20, 11); // ≥ 16, the end at the previous fetch (tick 9)
  assert.equal(t.voters()[1]!.lastCaughtUpTick, 9);
});

test('check-quorum: reached when the leader plus fetching voters are a majority; each reach restarts the window', () => {
  const t = new ReplicaTracker(1, [1, 2, 3, 4, 5]);
  t.touch(2, 1);
  t.touch(100, 1);
  assert.equal(t.checkQuorumReached(), false, 'leader + 1 voter of 5 (observers do not count)');
  t.touch(3, 2);
  assert.equal(t.checkQuorumReached(), true);
  assert.equal(t.checkQuorumReached(), false, 'the window restarted');
});

test('preferred successors: most caught-up first; observers expire after their timeout', () => {
  const t = new ReplicaTracker(1, [1, 2, 3]);
  t.recordFetch(3, 9, 9, 1);
  t.recordFetch(2, 4, 9, 1);
  assert.deepEqual(t.successorsByProgress(), [3, 2]);
  t.touch(100, 1);
  t.expireObservers(5, 10);
  assert.equal(t.observers().length, 1);
  t.expireObservers(11, 10);
  assert.equal(t.observers().length, 0);
});
