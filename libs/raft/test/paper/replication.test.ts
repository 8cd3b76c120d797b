import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TestCluster } from '../helpers/test-cluster';
import { batch, fetchFrom, only, Solo, storageWith } from '../helpers/solo';
import type { FetchResponse } from '../../src';

/** A leader of epoch 3 over an epoch-1 log of 5 records (its LeaderChange lands at offset 5). */
function leaderOverOldLog(): Solo {
  const s = new Solo(1, [1, 2, 3], storageWith([batch(0, 1, 'a', 'b'), batch(2, 1, 'c', 'd', 'e')], 2));
  assert.equal(s.campaignToLeader(), 3);
  return s;
}

test('the high watermark moves only once a majority holds an offset past the epoch start (commit only current epoch)', () => {
  const s = leaderOverOldLog();
  s.step(fetchFrom(2, 1, 3, 5, 1)); // voter 2 holds all old records, not the LeaderChange
  assert.equal(s.node.highWatermark, 0, 'old-epoch records on a majority are not committed yet');
  s.step(fetchFrom(2, 1, 3, 6, 3));
  assert.equal(s.node.highWatermark, 6, 'the epoch start on a majority commits everything before it');
  assert.deepEqual(s.applied.map((b) => b.baseOffset), [0, 2, 5]);
});

test('a fetch whose last epoch the leader never had gets divergingEpoch, and the follower truncates there', () => {
  const s = leaderOverOldLog();
  const resp = only(s.step(fetchFrom(2, 1, 3, 7, 2)), 'FetchResponse')[0]!;
  assert.deepEqual(resp.divergingEpoch, { epoch: 1, endOffset: 5 });
  assert.deepEqual(resp.records, []);

  // The follower side: epoch 1 on [0,5), then epoch 2 records the leader never had.
  const f = new Solo(2, [1, 2, 3], storageWith([batch(0, 1, 'a', 'b'), batch(2, 1, 'c', 'd', 'e'), batch(5, 2, 'junk', 'junk')], 3, -1, 1));
  const firstFetch = only(f.flush(), 'FetchRequest')[0]!;
  assert.equal(firstFetch.fetchOffset, 7);
  assert.equal(firstFetch.lastFetchedEpoch, 2);
  const next = only(f.step({ ...resp, from: 1, to: 2, requestId: firstFetch.requestId }), 'FetchRequest')[0]!;
  assert.equal(f.readies.at(-1)!.truncateTo, 5);
  assert.equal(f.storage.endOffset(), 5);
  assert.equal(next.fetchOffset, 5);
  assert.equal(next.lastFetchedEpoch, 1);
});

test('a follower without the leader’s diverging epoch cuts to the end of its own older epoch, then converges', () => {
  // Follower: epoch 1 on [0,6), epoch 3 on [6,8). Leader: epoch 1 on [0,3), epoch 2 on [3,5), epoch 4 after.
  const f = new Solo(2, [1, 2, 3], storageWith([batch(0, 1, 'a', 'b', 'c'), batch(3, 1, 'd', 'e', 'f'), batch(6, 3, 'g', 'h')], 4, -1, 1));
  const first = only(f.flush(), 'FetchRequest')[0]!;
  const diverged = (requestId: number, epoch: number, endOffset: number): FetchResponse => ({
    type: 'FetchResponse',
    from: 1,
    to: 2,
    requestId,
    errorCode: 0,
    highWatermark: 0,
    logStartOffset: 0,
    currentLeader: { leaderId: 1, leaderEpoch: 4 },
    records: [],
    divergingEpoch: { epoch, endOffset },
  });
  // The leader's largest epoch ≤ 3 is 2, ending at 5: the follower has no epoch 2, and 5 is inside its batch at 3.
  const second = only(f.step(diverged(first.requestId, 2, 5)), 'FetchRequest')[0]!;
  assert.equal(f.storage.endOffset(), 6, 'cut to the end of its epoch 1, not to 5');
  assert.deepEqual([second.fetchOffset, second.lastFetchedEpoch], [6, 1]);
  const third = only(f.step(diverged(second.requestId, 1, 3)), 'FetchRequest')[0]!;
  assert.equal(f.storage.endOffset(), 3);
  assert.deepEqual([third.fetchOffset, third.lastFetchedEpoch], [3, 1]);
});

test('a follower refuses a divergence below its high watermark (committed records are never truncated)', () => {
  const f = new Solo(2, [1, 2, 3], storageWith([batch(0, 1, 'a', 'b', 'c')], 1, -1, 1));
  const fetch = only(f.flush(), 'FetchRequest')[0]!;
  const ok: FetchResponse = {
    type: 'FetchResponse',
    from: 1,
    to: 2,
    requestId: fetch.requestId,
    errorCode: 0,
    highWatermark: 3,
    logStartOffset: 0,
    currentLeader: { leaderId: 1, leaderEpoch: 1 },
    records: [],
  };
  const again = only(f.step(ok), 'FetchRequest')[0]!;
  assert.equal(f.node.highWatermark, 3);
  f.step({ ...ok, requestId: again.requestId, divergingEpoch: { epoch: 0, endOffset: 0 } });
  assert.equal(f.storage.endOffset(), 3, 'the committed records stay');
  assert.ok(f.readies.every((r) => r.truncateTo === undefined));
});

test('an uncommitted tail of a partitioned leader is replaced by the new leader’s log', () => {
  const c = new TestCluster([1, 2, 3], {}, 4);
  const old = c.electLeader();
  c.propose(old, 'kept');
  c.runUntil(() => [1, 2, 3].every((id) => c.appliedValues(id).includes('kept')), 100, 'commit');
  c.isolate(old);
  c.propose(old, 'lost-1');
  c.propose(old, 'lost-2');
  c.runUntil(() => c.leaders().some((id) => id !== old), 300, 'a new leader');
  const next = c.leaders().find((id) => id !== old)!;
  c.propose(next, 'new');
  c.heal();
  c.runUntil(() => [1, 2, 3].every((id) => c.appliedValues(id).join() === 'kept,new'), 300, 'convergence');
  const logs = [1, 2, 3].map((id) => {
    const s = c.member(id).storage;
    const r = s.batches(0, s.endOffset(), 1 << 20);
    assert.ok(r.ok);
    return r.value.map((b) => `${b.baseOffset}@${b.epoch}:${b.records.join('|')}`).join(' ');
  });
  assert.equal(new Set(logs).size, 1, `logs differ:\n${logs.join('\n')}`);
  assert.ok(!logs[0]!.includes('lost'));
});

test('committed batches reach every state machine once, in order', () => {
  const c = new TestCluster([1, 2, 3, 4, 5], {}, 2);
  const leader = c.electLeader();
  const values = Array.from({ length: 30 }, (_, i) => `v${i}`);
  for (const v of values) {
    c.propose(leader, v);
    c.deliver(3);
  }
  c.runUntil(() => [1, 2, 3, 4, 5].every((id) => c.appliedValues(id).length === values.length), 200, 'all applied');
  for (const id of [1, 2, 3, 4, 5]) assert.deepEqual(c.appliedValues(id), values);
});

test('the leader parks a fetch with nothing new until data arrives, or until its max wait', () => {
  const s = leaderOverOldLog();
  s.step(fetchFrom(2, 1, 3, 6, 3));
  assert.deepEqual(only(s.step(fetchFrom(2, 1, 3, 6, 3, 4)), 'FetchResponse'), [], 'parked: nothing new');
  assert.deepEqual(only(s.tick(3), 'FetchResponse'), []);
  const propose = s.node.propose([Buffer.from('new')]);
  assert.ok(propose.ok);
  const woken = only(s.flush(), 'FetchResponse');
  assert.equal(woken.length, 1);
  assert.deepEqual(woken[0]!.records.map((b) => b.baseOffset), [6]);

  assert.deepEqual(only(s.step(fetchFrom(3, 1, 3, 7, 3, 4)), 'FetchResponse').length, 1, 'a fetch that moves the HW is answered at once');
  assert.deepEqual(only(s.step(fetchFrom(3, 1, 3, 7, 3, 4)), 'FetchResponse'), []);
  const expired = only(s.tick(4), 'FetchResponse');
  assert.equal(expired.length, 1, 'answered empty at max wait');
  assert.deepEqual(expired[0]!.records, []);
});

test('a duplicated, delayed fetch cannot move a voter’s recorded offset back', () => {
  const s = leaderOverOldLog();
  const stale = fetchFrom(2, 1, 3, 5, 1);
  s.step(fetchFrom(2, 1, 3, 6, 3));
  s.step(stale);
  const voter2 = s.node.status().voters.find((v) => v.replicaId === 2)!;
  assert.equal(voter2.logEndOffset, 6);
});
