import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TestCluster } from '../helpers/test-cluster';
import { only, Solo, storageWith } from '../helpers/solo';
import type { VoteRequest } from '../../src';

const preVote = (from: number, to: number, epoch: number, lastOffsetEpoch: number, lastOffset: number): VoteRequest => ({
  type: 'VoteRequest',
  from,
  to,
  requestId: 1,
  candidateEpoch: epoch,
  candidateId: from,
  lastOffsetEpoch,
  lastOffset,
  preVote: true,
});

test('a pre-vote changes nothing durable on the voter (KIP-996)', () => {
  const v = new Solo(2, [1, 2, 3], storageWith([], 3));
  v.flush();
  const before = v.readies.length;
  const resp = only(v.step(preVote(1, 2, 4, 0, 0)), 'VoteResponse')[0]!;
  assert.equal(resp.voteGranted, true);
  assert.equal(v.node.epoch, 3);
  assert.equal(v.node.status().votedId, -1);
  assert.ok(v.readies.slice(before).every((r) => r.hardState === undefined));
});

test('a prospective campaigns in a new epoch only after a majority granted its pre-vote', () => {
  const s = new Solo(1, [1, 2, 3]);
  const pre = s.tickUntil('VoteRequest');
  assert.ok(pre.every((r) => r.preVote && r.candidateEpoch === 1));
  assert.equal(s.node.role, 'prospective');
  assert.equal(s.node.epoch, 0, 'a prospective keeps its epoch');
  s.step({ type: 'VoteResponse', from: 2, to: 1, requestId: pre[0]!.requestId, errorCode: 0, leaderId: -1, leaderEpoch: 0, voteGranted: false });
  s.step({ type: 'VoteResponse', from: 3, to: 1, requestId: pre[1]!.requestId, errorCode: 0, leaderId: -1, leaderEpoch: 0, voteGranted: false });
  assert.equal(s.node.role, 'unattached', 'refused by a majority: back to waiting');
  assert.equal(s.node.epoch, 0);
});

test('a follower that fetches from its leader refuses pre-votes; the leader refuses them too', () => {
  const c = new TestCluster([1, 2, 3]);
  const leader = c.electLeader();
  c.propose(leader, 'x');
  c.run(3);
  const [a, b] = [1, 2, 3].filter((id) => id !== leader) as [number, number];
  const log = c.node(b).status();
  for (const to of [a, leader]) {
    c.node(to).step(preVote(b, to, c.node(b).epoch + 1, c.member(b).storage.lastEpoch(), log.logEndOffset));
    c.drain(to);
    const resp = c.inflight.filter((m) => m.type === 'VoteResponse' && m.from === to).pop();
    assert.ok(resp && resp.type === 'VoteResponse');
    assert.equal(resp.voteGranted, false, `node ${to} granted a pre-vote while the leader is healthy`);
  }
});

test('a node back from a partition cannot depose a healthy leader', () => {
  const c = new TestCluster([1, 2, 3]);
  const leader = c.electLeader();
  const epoch = c.node(leader).epoch;
  const away = [1, 2, 3].find((id) => id !== leader)!;
  c.isolate(away);
  c.run(200); // 10+ election timeouts
  assert.equal(c.node(away).epoch, epoch, 'the isolated node never started a real election');
  assert.notEqual(c.node(away).role, 'candidate');
  c.heal();
  c.run(100);
  assert.equal(c.leaders()[0], leader);
  assert.equal(c.node(leader).epoch, epoch);
  assert.equal(c.node(away).role, 'follower');
});
