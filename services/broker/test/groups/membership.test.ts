import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode } from '@orderlab/kafka-protocol';
import { harness, joinInput, stableGroup, startJoin, startSync } from './harness';

test('a graceful leave rebalances at once and is logged as a leave', () => {
  const h = harness();
  const { members } = stableGroup(h, 'g', 2);
  const [a, b] = members as [string, string];
  const rejoin = (() => {
    const r = h.coordinator.leave({ groupId: 'g', members: [{ memberId: b, groupInstanceId: null }] });
    assert.deepEqual(r.members.map((m) => m.errorCode), [0]);
    return startJoin(h, joinInput('g', { memberId: a }));
  })();
  assert.equal(rejoin.result?.generationId, 2, 'a alone forms generation 2 as soon as it rejoins');
  assert.ok(h.logs.some((l) => l.includes(`member ${b} of group g removed: left the group (LeaveGroup)`)));
  assert.ok(!h.logs.some((l) => l.includes('session timeout')));
});

test('a member that stops heartbeating is removed after its session timeout, with that reason logged', () => {
  const h = harness();
  const { members } = stableGroup(h, 'g', 2);
  const [a, b] = members as [string, string];
  for (let t = 0; t < 12; t++) {
    h.clock.advance(1000);
    h.coordinator.heartbeat({ groupId: 'g', generationId: 1, memberId: a, groupInstanceId: null });
    h.coordinator.tick();
  }
  assert.equal(h.coordinator.describe('g')?.members.some((m) => m.memberId === b), false);
  assert.ok(h.logs.some((l) => l.includes(`member ${b} of group g removed: failed: session timeout (10000 ms) expired`)));
  assert.equal(h.coordinator.heartbeat({ groupId: 'g', generationId: 1, memberId: a, groupInstanceId: null }), ErrorCode.REBALANCE_IN_PROGRESS);
});

test('a member that does not rejoin within the rebalance timeout is dropped; the others move on', () => {
  const h = harness();
  const { members } = stableGroup(h, 'g', 2, { rebalanceTimeoutMs: 20_000, sessionTimeoutMs: 60_000 });
  const [a] = members as [string, string];
  const newcomer = startJoin(h, joinInput('g', { rebalanceTimeoutMs: 20_000, sessionTimeoutMs: 60_000 }));
  const aRejoin = startJoin(h, joinInput('g', { memberId: a, rebalanceTimeoutMs: 20_000, sessionTimeoutMs: 60_000 }));
  h.clock.advance(20_001);
  h.coordinator.tick();
  assert.equal(newcomer.result?.generationId, 2);
  assert.equal(aRejoin.result?.members.length, 2, 'only a and the newcomer are in generation 2');
  assert.ok(h.logs.some((l) => l.includes('did not rejoin within the rebalance timeout')));
});

test('static membership: a restarted static member takes its place without a rebalance; a stale id is fenced', () => {
  const h = harness();
  const joins = ['i-1', 'i-2'].map((instance) => startJoin(h, joinInput('s', { groupInstanceId: instance })));
  h.clock.advance(100);
  h.coordinator.tick();
  const leader = joins.find((j) => (j.result?.members.length ?? 0) > 0)?.result;
  const follower = joins.find((j) => j.result?.members.length === 0)?.result;
  startSync(h, 's', leader?.memberId as string, 1, [{ memberId: leader?.memberId as string, assignment: Buffer.from('L') }, { memberId: follower?.memberId as string, assignment: Buffer.from('F') }]);
  const followerInstance = joins[0]?.result === follower ? 'i-1' : 'i-2';
  const restarted = startJoin(h, joinInput('s', { groupInstanceId: followerInstance }));
  assert.equal(restarted.result?.errorCode, ErrorCode.NONE);
  assert.equal(restarted.result?.generationId, 1, 'no new generation');
  assert.notEqual(restarted.result?.memberId, follower?.memberId);
  assert.equal(h.coordinator.describe('s')?.state, 'Stable');
  const s = startSync(h, 's', restarted.result?.memberId as string, 1);
  assert.equal(s.result?.assignment.toString(), 'F', 'it gets its old assignment back');
  assert.equal(h.coordinator.heartbeat({ groupId: 's', generationId: 1, memberId: follower?.memberId as string, groupInstanceId: followerInstance }), ErrorCode.UNKNOWN_MEMBER_ID);
  assert.equal(h.coordinator.heartbeat({ groupId: 's', generationId: 1, memberId: leader?.memberId as string, groupInstanceId: followerInstance }), ErrorCode.FENCED_INSTANCE_ID);
});
