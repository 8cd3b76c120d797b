import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batch, fetchFrom, only, Solo, storageWith } from '../helpers/solo';

test('observers fetch the log but never move the high watermark; status lists them apart', () => {
  const s = new Solo(1, [1, 2, 3], storageWith([batch(0, 1, 'a')], 1));
  s.campaignToLeader();
  const end = s.storage.endOffset();
  const resp = only(s.step(fetchFrom(100, 1, s.node.epoch, 0, 0)), 'FetchResponse')[0]!;
  assert.equal(resp.errorCode, 0);
  assert.equal(resp.records.length, 2);
  s.step(fetchFrom(100, 1, s.node.epoch, end, s.node.epoch));
  s.step(fetchFrom(101, 1, s.node.epoch, end, s.node.epoch));
  assert.equal(s.node.highWatermark, 0, 'two observers at the end are no majority');
  const status = s.node.status();
  assert.deepEqual(status.voters.map((v) => v.replicaId), [1, 2, 3]);
  assert.deepEqual(status.observers.map((o) => [o.replicaId, o.logEndOffset]), [[100, end], [101, end]]);
  s.step(fetchFrom(2, 1, s.node.epoch, end, s.node.epoch));
  assert.equal(s.node.highWatermark, end, 'one voter and the leader are');
});

test('observers cannot vote or campaign', () => {
  const v = new Solo(2, [1, 2, 3]);
  v.flush();
  const resp = only(
    v.step({ type: 'VoteRequest', from: 100, to: 2, requestId: 1, candidateEpoch: 1, candidateId: 100, lastOffsetEpoch: 0, lastOffset: 0, preVote: false }),
    'VoteResponse',
  )[0]!;
  assert.equal(resp.errorCode, 94, 'INCONSISTENT_VOTER_SET');
  assert.equal(resp.voteGranted, false);
  const c = new Solo(1, [1, 2, 3]);
  const pre = c.tickUntil('VoteRequest');
  c.step({ type: 'VoteResponse', from: 100, to: 1, requestId: pre[0]!.requestId, errorCode: 0, leaderId: -1, leaderEpoch: 0, voteGranted: true });
  assert.equal(c.node.role, 'prospective', 'a non-voter’s grant does not count');
});

test('an observer that stops fetching drops out of status after the observer timeout', () => {
  const s = new Solo(1, [1, 2, 3], undefined, { observerTimeoutTicks: 5 });
  s.campaignToLeader();
  s.step(fetchFrom(100, 1, s.node.epoch, 0, 0));
  s.step(fetchFrom(2, 1, s.node.epoch, 1, s.node.epoch));
  assert.equal(s.node.status().observers.length, 1);
  s.tick(6);
  assert.equal(s.node.status().observers.length, 0);
});
