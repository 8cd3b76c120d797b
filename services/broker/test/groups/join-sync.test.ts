import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode } from '@orderlab/kafka-protocol';
import { harness, joinInput, stableGroup, startJoin, startSync } from './harness';

test('one member: join → generation 1, leader gets itself, sync → Stable with its assignment', () => {
  const h = harness({ initialDelayMs: 0 });
  const j = startJoin(h, joinInput('g'));
  assert.equal(j.result?.errorCode, ErrorCode.NONE);
  assert.equal(j.result?.generationId, 1);
  assert.equal(j.result?.leader, j.result?.memberId);
  assert.equal(j.result?.protocolName, 'roundrobin');
  assert.deepEqual(j.result?.members.map((m) => m.memberId), [j.result?.memberId]);
  const s = startSync(h, 'g', j.result?.memberId as string, 1, [{ memberId: j.result?.memberId as string, assignment: Buffer.from('mine') }]);
  assert.equal(s.result?.assignment.toString(), 'mine');
  assert.equal(h.coordinator.describe('g')?.state, 'Stable');
  assert.ok(h.stored.some((s) => s.records.some((r) => r.kind === 'group' && r.value?.generation === 1)), 'group metadata persisted at sync');
});

test('two members: the join waits for both; followers get no member list; follower sync waits for the leader', () => {
  const h = harness({ initialDelayMs: 0 });
  const a = startJoin(h, joinInput('g'));
  assert.equal(a.result?.generationId, 1, 'first member completes alone (no initial delay here)');
  const aId = a.result?.memberId as string;
  startSync(h, 'g', aId, 1, [{ memberId: aId, assignment: Buffer.from('x') }]);
  const b = startJoin(h, joinInput('g'));
  assert.equal(Boolean(b.result), false, 'b waits: a must rejoin');
  assert.equal(h.coordinator.heartbeat({ groupId: 'g', generationId: 1, memberId: aId, groupInstanceId: null }), ErrorCode.REBALANCE_IN_PROGRESS);
  const a2 = startJoin(h, joinInput('g', { memberId: aId }));
  assert.equal(a2.result?.generationId, 2);
  assert.equal(b.result?.generationId, 2);
  assert.equal(a2.result?.members.length, 2, 'the existing leader stays leader and gets both');
  assert.deepEqual(b.result?.members, []);
  const bId = b.result?.memberId as string;
  const bs = startSync(h, 'g', bId, 2);
  assert.equal(Boolean(bs.result), false, 'the follower waits for the leader');
  startSync(h, 'g', aId, 2, [{ memberId: aId, assignment: Buffer.from('A') }, { memberId: bId, assignment: Buffer.from('B') }]);
  assert.equal(bs.result?.assignment.toString(), 'B');
});

test('ten members on one group: every member is answered and one is leader', () => {
  const h = harness({ initialDelayMs: 3000 });
  const joins = Array.from({ length: 10 }, () => startJoin(h, joinInput('big')));
  assert.ok(joins.every((j) => !j.result), 'the initial delay holds the first rebalance');
  h.clock.advance(3000);
  h.coordinator.tick();
  assert.ok(joins.every((j) => j.result?.generationId === 1));
  assert.equal(joins.filter((j) => (j.result?.members.length ?? 0) > 0).length, 1);
});

test('JoinGroup v4+: an unknown member first gets MEMBER_ID_REQUIRED with its id, then joins with it', () => {
  const h = harness({ initialDelayMs: 0 });
  const first = startJoin(h, joinInput('g', { requireKnownMemberId: true }));
  assert.equal(first.result?.errorCode, ErrorCode.MEMBER_ID_REQUIRED);
  const id = first.result?.memberId as string;
  assert.match(id, /^c-\d+$/);
  const second = startJoin(h, joinInput('g', { requireKnownMemberId: true, memberId: id }));
  assert.equal(second.result?.errorCode, ErrorCode.NONE);
  assert.equal(second.result?.memberId, id);
});

test('the initial rebalance delay waits for more joiners and is extended by each', () => {
  const h = harness({ initialDelayMs: 3000 });
  const a = startJoin(h, joinInput('g'));
  h.clock.advance(2000);
  const b = startJoin(h, joinInput('g'));
  h.clock.advance(2000);
  h.coordinator.tick();
  assert.equal(Boolean(a.result), false, 'the delay restarted when b joined');
  h.clock.advance(1000);
  h.coordinator.tick();
  assert.equal(a.result?.generationId, 1);
  assert.equal(b.result?.generationId, 1);
});

test('protocol mismatch: RoundRobinAssigner vs range/roundrobin is INCONSISTENT_GROUP_PROTOCOL; sharing roundrobin works', () => {
  const h = harness();
  const kafkajsDefault = { protocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.from('k') }] };
  const librdkafkaDefault = { protocols: [{ name: 'range', metadata: Buffer.from('r') }, { name: 'roundrobin', metadata: Buffer.from('r') }] };
  stableGroup(h, 'mixed', 1, kafkajsDefault);
  assert.equal(startJoin(h, joinInput('mixed', librdkafkaDefault)).result?.errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  assert.equal(startJoin(h, joinInput('mixed', { protocolType: 'other', ...kafkajsDefault })).result?.errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  const { members } = stableGroup(h, 'shared', 1, { protocols: [{ name: 'roundrobin', metadata: Buffer.from('k') }] });
  const joiner = startJoin(h, joinInput('shared', librdkafkaDefault));
  startJoin(h, joinInput('shared', { memberId: members[0], protocols: [{ name: 'roundrobin', metadata: Buffer.from('k') }] }));
  assert.equal(joiner.result?.errorCode, ErrorCode.NONE);
  assert.equal(joiner.result?.protocolName, 'roundrobin');
});

test('session timeouts outside the broker range are refused', () => {
  const h = harness();
  assert.equal(startJoin(h, joinInput('g', { sessionTimeoutMs: 1000 })).result?.errorCode, ErrorCode.INVALID_SESSION_TIMEOUT);
  assert.equal(startJoin(h, joinInput('g', { sessionTimeoutMs: 10_000_000 })).result?.errorCode, ErrorCode.INVALID_SESSION_TIMEOUT);
});

test('fencing: unknown member, wrong generation, and sync during a rebalance', () => {
  const h = harness();
  const { members, generation } = stableGroup(h, 'g', 2);
  assert.equal(h.coordinator.heartbeat({ groupId: 'g', generationId: generation, memberId: 'ghost', groupInstanceId: null }), ErrorCode.UNKNOWN_MEMBER_ID);
  assert.equal(h.coordinator.heartbeat({ groupId: 'g', generationId: generation - 1, memberId: members[1] as string, groupInstanceId: null }), ErrorCode.ILLEGAL_GENERATION);
  startJoin(h, joinInput('g')); // a third member triggers a rebalance
  assert.equal(startSync(h, 'g', members[1] as string, generation).result?.errorCode, ErrorCode.REBALANCE_IN_PROGRESS);
  assert.equal(startJoin(h, joinInput('g', { memberId: 'ghost' })).result?.errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
});
