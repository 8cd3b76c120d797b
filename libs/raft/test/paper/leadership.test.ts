import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMING, TestCluster } from '../helpers/test-cluster';
import { batch, fetchFrom, only, Solo, storageWith } from '../helpers/solo';

test('a leader that hears from no majority within 1.5 × fetch timeout resigns (check-quorum)', () => {
  const c = new TestCluster([1, 2, 3]);
  const leader = c.electLeader();
  c.isolate(leader);
  let ticks = 0;
  while (c.node(leader).role === 'leader' && ticks < 200) {
    c.tick([leader]);
    ticks++;
  }
  assert.equal(c.node(leader).role, 'resigned');
  const window = TEST_TIMING.fetchTimeoutTicks * 1.5;
  assert.ok(ticks <= window + 1, `resigned after ${ticks} ticks, window ${window}`);
  assert.ok(ticks >= window / 2, `resigned too early, after ${ticks} ticks`);
});

test('fetches from one follower keep a 3-voter leader in place (it and the follower are a majority)', () => {
  const c = new TestCluster([1, 2, 3]);
  const leader = c.electLeader();
  c.cut(leader, [1, 2, 3].find((id) => id !== leader)!);
  c.run(100);
  assert.equal(c.node(leader).role, 'leader');
});

test('EndQuorumEpoch hands leadership over sooner than an election timeout, to the most caught-up voter', () => {
  const c = new TestCluster([1, 2, 3, 4, 5], {}, 3);
  const old = c.electLeader();
  c.propose(old, 'x');
  c.run(5);
  assert.equal(c.node(old).resign(), true);
  c.drain(old);
  const end = c.sent.filter((m) => m.type === 'EndQuorumEpochRequest' && m.from === old);
  assert.equal(end.length, 4);
  let rounds = 0;
  c.deliver();
  while (!c.leaders().some((id) => id !== old) && rounds < 100) {
    c.run(1);
    rounds++;
  }
  assert.ok(rounds < TEST_TIMING.electionTimeoutTicks, `handover took ${rounds} ticks`);
  const first = end[0]!.type === 'EndQuorumEpochRequest' ? end[0]!.preferredSuccessors[0] : -1;
  assert.equal(c.leaders().find((id) => id !== old), first);
});

test('a restarted leader starts resigned in its epoch and never leads that epoch again', () => {
  const c = new TestCluster([1, 2, 3]);
  const old = c.electLeader();
  const epoch = c.node(old).epoch;
  c.restart(old);
  assert.equal(c.node(old).role, 'resigned');
  assert.equal(c.node(old).epoch, epoch);
  c.runUntil(() => c.leaders().length === 1 && c.node(c.leaders()[0]!).epoch > epoch, 300, 'a leader of a later epoch');
});

test('BeginQuorumEpoch is resent until the voter acknowledges it; a fetch counts as acknowledgement', () => {
  const s = new Solo(1, [1, 2, 3]);
  s.campaignToLeader();
  const resent = only(s.tick(TEST_TIMING.requestTimeoutTicks), 'BeginQuorumEpochRequest');
  assert.deepEqual(resent.map((m) => m.to).sort(), [2, 3]);
  const toTwo = resent.find((m) => m.to === 2)!;
  s.step({ type: 'BeginQuorumEpochResponse', from: 2, to: 1, requestId: toTwo.requestId, errorCode: 0, leaderId: 1, leaderEpoch: s.node.epoch });
  s.step(fetchFrom(3, 1, s.node.epoch, 0, 0));
  assert.deepEqual(only(s.tick(TEST_TIMING.requestTimeoutTicks * 3), 'BeginQuorumEpochRequest'), []);
});

test('requests carrying an older epoch are refused with FENCED_LEADER_EPOCH', () => {
  const f = new Solo(2, [1, 2, 3], storageWith([batch(0, 1, 'a')], 5, -1, 3));
  f.flush();
  const begin = only(f.step({ type: 'BeginQuorumEpochRequest', from: 1, to: 2, requestId: 9, leaderId: 1, leaderEpoch: 4 }), 'BeginQuorumEpochResponse')[0]!;
  assert.equal(begin.errorCode, 74);
  assert.deepEqual([begin.leaderId, begin.leaderEpoch], [3, 5]);
  const fetch = only(f.step(fetchFrom(1, 2, 4, 0, 0)), 'FetchResponse')[0]!;
  assert.equal(fetch.errorCode, 74);
  const notLeader = only(f.step(fetchFrom(1, 2, 5, 0, 0)), 'FetchResponse')[0]!;
  assert.equal(notLeader.errorCode, 6, 'same epoch, but not the leader: NOT_LEADER_OR_FOLLOWER');
  assert.equal(notLeader.currentLeader.leaderId, 3);
});
