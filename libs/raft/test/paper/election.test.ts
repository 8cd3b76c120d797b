import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TestCluster } from '../helpers/test-cluster';
import { batch, only, Solo, storageWith } from '../helpers/solo';
import type { VoteRequest } from '../../src';

const voteRequest = (from: number, to: number, epoch: number, lastOffsetEpoch: number, lastOffset: number, preVote = false): VoteRequest => ({
  type: 'VoteRequest',
  from,
  to,
  requestId: epoch * 100 + from,
  candidateEpoch: epoch,
  candidateId: from,
  lastOffsetEpoch,
  lastOffset,
  preVote,
});

test('3 and 5 fresh voters elect exactly one leader that everyone follows', () => {
  for (const ids of [[1, 2, 3], [1, 2, 3, 4, 5]]) {
    const c = new TestCluster(ids, {}, ids.length);
    const leader = c.electLeader();
    assert.deepEqual(c.leaders(), [leader]);
    for (const id of ids) assert.equal(c.node(id).epoch, c.node(leader).epoch);
  }
});

test('a voter grants one vote per epoch, and remembers it across a restart', () => {
  const v = new Solo(2, [1, 2, 3]);
  v.flush();
  const first = only(v.step(voteRequest(1, 2, 1, 0, 0)), 'VoteResponse');
  assert.equal(first[0]!.voteGranted, true);
  assert.equal(only(v.step(voteRequest(3, 2, 1, 0, 0)), 'VoteResponse')[0]!.voteGranted, false, 'second candidate, same epoch');
  v.restart();
  v.flush();
  assert.equal(only(v.step(voteRequest(3, 2, 1, 0, 0)), 'VoteResponse')[0]!.voteGranted, false, 'after restart');
  assert.equal(only(v.step(voteRequest(1, 2, 1, 0, 0)), 'VoteResponse')[0]!.voteGranted, true, 'the same candidate again');
});

test('the vote is in the hard state of the Ready whose messages carry the grant (persist before send)', () => {
  const v = new Solo(2, [1, 2, 3]);
  v.flush();
  v.step(voteRequest(1, 2, 4, 0, 0));
  const withGrant = v.readies.find((r) => r.messages.some((m) => m.type === 'VoteResponse' && m.voteGranted));
  assert.ok(withGrant);
  assert.deepEqual(withGrant.hardState, { epoch: 4, votedId: 1, leaderId: -1 });
});

test('votes go only to candidates whose log is at least as up to date: last epoch first, then end offset', () => {
  // The voter's log: epoch 1 at [0,1), epoch 2 at [1,3).
  const voterLog = () => storageWith([batch(0, 1, 'a'), batch(1, 2, 'b', 'c')], 2);
  const cases: Array<[lastEpoch: number, lastOffset: number, granted: boolean]> = [
    [1, 50, false], // longer, but an older last epoch
    [2, 2, false], // same last epoch, shorter
    [2, 3, true], // identical
    [2, 9, true], // same epoch, longer
    [3, 1, true], // newer last epoch, even if shorter
  ];
  for (const [lastEpoch, lastOffset, granted] of cases) {
    const v = new Solo(2, [1, 2, 3], voterLog());
    v.flush();
    const resp = only(v.step(voteRequest(1, 2, 5, lastEpoch, lastOffset)), 'VoteResponse')[0]!;
    assert.equal(resp.voteGranted, granted, `candidate log (${lastEpoch}, ${lastOffset})`);
  }
});

test('a vote request from an older epoch is refused with FENCED_LEADER_EPOCH and the current epoch', () => {
  const v = new Solo(2, [1, 2, 3], storageWith([], 7));
  v.flush();
  const resp = only(v.step(voteRequest(1, 2, 6, 0, 0)), 'VoteResponse')[0]!;
  assert.equal(resp.errorCode, 74);
  assert.equal(resp.leaderEpoch, 7);
  assert.equal(resp.voteGranted, false);
});

test('a candidate that wins a majority becomes leader and writes LeaderChange at its epoch start', () => {
  const s = new Solo(1, [1, 2, 3], storageWith([batch(0, 1, 'x')], 1));
  const epoch = s.campaignToLeader();
  assert.equal(epoch, 2);
  const lc = s.storage.batches(1, 2, 1 << 20);
  assert.ok(lc.ok);
  assert.equal(lc.value[0]!.control, true);
  assert.equal(lc.value[0]!.epoch, 2);
});
