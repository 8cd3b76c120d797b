import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshProgress, highWatermarkFor, laggingMembers, mayJoinIsr, recordFetch, type FollowerProgress } from '../../src/partitions/replica-progress';

const progress = (entries: Array<[number, number]>): Map<number, FollowerProgress> =>
  new Map(entries.map(([id, leo]) => [id, { ...freshProgress(0), logEndOffset: leo }]));

test('high watermark = the smallest log end over the ISR, the leader included; never backwards', () => {
  assert.equal(highWatermarkFor(0, 1, 10, [1, 2, 3], progress([[2, 7], [3, 9]])), 7);
  assert.equal(highWatermarkFor(8, 1, 10, [1, 2, 3], progress([[2, 7], [3, 9]])), 8, 'never below the current one');
  assert.equal(highWatermarkFor(0, 1, 10, [1, 3], progress([[2, 0], [3, 9]])), 9, 'a follower outside the ISR does not hold it');
  assert.equal(highWatermarkFor(0, 1, 10, [1], progress([[2, 0]])), 10, 'alone in the ISR: the leader\'s log end');
});

test('high watermark: an ISR member that has not fetched from this leader yet holds it (never from the leader\'s own log end alone)', () => {
  assert.equal(highWatermarkFor(4, 1, 10, [1, 2], new Map()), 4);
  assert.equal(highWatermarkFor(4, 1, 10, [1, 2], progress([[2, -1]])), 4);
});

test('caught up: fetching the leader\'s end now, or what the end was at the previous fetch (Kafka\'s lastCaughtUpTime)', () => {
  const p = freshProgress(0);
  recordFetch(p, 5, 10, 1000);
  assert.equal(p.lastCaughtUpMs, 0, 'behind the leader: not caught up');
  recordFetch(p, 10, 20, 2000);
  assert.equal(p.lastCaughtUpMs, 1000, 'reached the end the leader had at its previous fetch: caught up as of that fetch');
  recordFetch(p, 20, 20, 3000);
  assert.equal(p.lastCaughtUpMs, 3000);
  assert.deepEqual([p.logEndOffset, p.leaderEndAtLastFetch, p.lastFetchMs], [20, 20, 3000]);
});

test('shrink: members not caught up for longer than the lag time; the leader never', () => {
  const m = new Map<number, FollowerProgress>([
    [2, { ...freshProgress(0), lastCaughtUpMs: 1000 }],
    [3, { ...freshProgress(0), lastCaughtUpMs: 5500 }],
  ]);
  assert.deepEqual(laggingMembers(1, [1, 2, 3], m, 6001, 5000), [2]);
  assert.deepEqual(laggingMembers(1, [1, 2, 3], m, 6000, 5000), [], 'exactly the lag time is not yet lagging');
  assert.deepEqual(laggingMembers(1, [1, 3], m, 11_000, 5000), [3]);
});

test('expand: a replica outside the ISR whose log reaches the high watermark and the current epoch\'s start', () => {
  assert.equal(mayJoinIsr(3, [1, 2, 3], [1, 2], 10, 10, 4), true);
  assert.equal(mayJoinIsr(3, [1, 2, 3], [1, 2], 9, 10, 4), false, 'below the high watermark');
  assert.equal(mayJoinIsr(3, [1, 2, 3], [1, 2], 10, 10, 12), false, 'not yet at the start of this leader\'s epoch');
  assert.equal(mayJoinIsr(4, [1, 2, 3], [1, 2], 10, 10, 0), false, 'not a replica');
  assert.equal(mayJoinIsr(2, [1, 2, 3], [1, 2], 10, 10, 0), false, 'already a member');
});
