import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStorage, RaftNode, RaftUsageError } from '../src';
import { seededRandom, TestCluster } from './helpers/test-cluster';
import { Solo } from './helpers/solo';

test('propose() on a follower is refused with the known leader (the controller answers NOT_CONTROLLER with it)', () => {
  const c = new TestCluster([1, 2, 3]);
  const leader = c.electLeader();
  const follower = [1, 2, 3].find((id) => id !== leader)!;
  assert.deepEqual(c.node(follower).propose([Buffer.from('x')]), { ok: false, error: { code: 'NOT_LEADER', leaderId: leader, epoch: c.node(leader).epoch } });
  assert.deepEqual(c.node(leader).propose([]), { ok: false, error: { code: 'EMPTY_BATCH' } });
});

test('a proposal is one batch: offsets baseOffset … baseOffset + n − 1, one epoch', () => {
  const s = new Solo(1, [1]);
  s.flush();
  const r = s.node.propose(['a', 'b', 'c'].map((v) => Buffer.from(v)));
  assert.deepEqual(r, { ok: true, value: { baseOffset: 1, lastOffset: 3, epoch: 1 } });
  const ready = s.node.ready();
  assert.equal(ready.entries.length, 1);
  assert.deepEqual(ready.entries[0]!.records.map(String), ['a', 'b', 'c']);
});

test('calls between ready() and advance() are refused; advance() needs a ready()', () => {
  const s = new Solo(1, [1]);
  s.node.ready();
  assert.throws(() => s.node.tick(), (e: unknown) => e instanceof RaftUsageError && e.code === 'READY_PENDING');
  assert.throws(() => s.node.propose([Buffer.from('x')]), (e: unknown) => e instanceof RaftUsageError && e.code === 'READY_PENDING');
  assert.equal(s.node.hasReady(), false);
  assert.throws(() => s.node.advance(), (e: unknown) => e instanceof RaftUsageError && e.code === 'STORAGE_ERROR', 'the Ready was not persisted');
});

test('advance() without a pending ready() is a usage error', () => {
  const s = new Solo(1, [1]);
  s.flush();
  assert.throws(() => s.node.advance(), (e: unknown) => e instanceof RaftUsageError && e.code === 'NO_READY_PENDING');
});

test('invalid configuration is refused with a clear error', () => {
  const base = { storage: new MemoryStorage(), random: seededRandom(1) };
  assert.throws(() => new RaftNode({ ...base, nodeId: 4, voters: [1, 2, 3] }), /not among the voters/);
  assert.throws(() => new RaftNode({ ...base, nodeId: 1, voters: [1, 1] }), /distinct/);
  assert.throws(() => new RaftNode({ ...base, nodeId: 1, voters: [1], fetchMaxWaitTicks: 50, requestTimeoutTicks: 40 }), /requestTimeoutTicks/);
  assert.throws(() => new RaftNode({ ...base, nodeId: 1, voters: [1], electionTimeoutTicks: 0 }), /electionTimeoutTicks/);
});

test('status() reports what DescribeQuorum needs: voters with progress on the leader, roles elsewhere', () => {
  const c = new TestCluster([1, 2, 3]);
  const leader = c.electLeader();
  c.propose(leader, 'x');
  c.run(3);
  const st = c.node(leader).status();
  assert.equal(st.role, 'leader');
  assert.equal(st.leaderId, leader);
  assert.equal(st.highWatermark, st.logEndOffset);
  assert.deepEqual(st.voters.map((v) => v.replicaId), [1, 2, 3]);
  for (const v of st.voters) {
    assert.equal(v.logEndOffset, st.logEndOffset);
    assert.ok(v.lastFetchTick > 0 && v.lastCaughtUpTick > 0);
  }
  const follower = c.node([1, 2, 3].find((id) => id !== leader)!).status();
  assert.equal(follower.role, 'follower');
  assert.equal(follower.leaderId, leader);
  assert.deepEqual(follower.voters, []);
});
