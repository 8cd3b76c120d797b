import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode } from '@orderlab/kafka-protocol';
import { harness, joinInput, startJoin, startSync, type Harness } from './harness';

const STATIC = { sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 20_000 };

/** Two static members i-1, i-2 in a Stable group; returns their ids by instance and the leader's instance. */
function stableStaticGroup(h: Harness, timeouts: Partial<typeof STATIC> = {}) {
  const joins = ['i-1', 'i-2'].map((instance) => startJoin(h, joinInput('s', { ...STATIC, ...timeouts, groupInstanceId: instance })));
  h.clock.advance(100);
  h.coordinator.tick();
  const ids = joins.map((j) => j.result?.memberId as string);
  const leaderIndex = joins.findIndex((j) => (j.result?.members.length ?? 0) > 0);
  const assignments = ids.map((memberId, i) => ({ memberId, assignment: Buffer.from(`A${i + 1}`) }));
  startSync(h, 's', ids[leaderIndex] as string, 1, assignments);
  ids.forEach((id, i) => i !== leaderIndex && startSync(h, 's', id, 1));
  return { ids, leaderInstance: `i-${leaderIndex + 1}`, leaderId: ids[leaderIndex] as string };
}

test('a restarted static leader with new subscription bytes keeps its place: no rebalance, old leader id, no member list (Kafka, JoinGroup < v9)', () => {
  const h = harness();
  const { leaderInstance, leaderId } = stableStaticGroup(h);
  // librdkafka's subscription can differ after a restart (owned partitions, generation); only the protocol choice matters.
  const restarted = startJoin(h, joinInput('s', { ...STATIC, groupInstanceId: leaderInstance, protocols: [{ name: 'roundrobin', metadata: Buffer.from('other bytes') }] }));
  const r = restarted.result;
  assert.equal(r?.errorCode, ErrorCode.NONE);
  assert.equal(r?.generationId, 1, 'generation unchanged');
  assert.equal(r?.leader, leaderId, 'the answer names the previous leader id, so the restarted leader does not assign');
  assert.deepEqual(r?.members, []);
  assert.equal(h.coordinator.describe('s')?.state, 'Stable');
  assert.equal(h.coordinator.describe('s')?.leader, r?.memberId, 'the group itself now knows the leader by its new id');
  const sync = startSync(h, 's', r?.memberId as string, 1);
  assert.equal(sync.result?.assignment.toString(), `A${leaderInstance.slice(2)}`, 'its old assignment comes back');
  assert.ok(h.logs.some((l) => l.includes('no rebalance')));
  assert.equal(h.stored.at(-1)?.records[0]?.kind, 'group', 'the new member id is made durable');
});

test('a static restart whose protocol choice would change rebalances', () => {
  const h = harness();
  const offer = (names: string[]) => names.map((name) => ({ name, metadata: Buffer.from('m') }));
  const first = startJoin(h, joinInput('solo', { ...STATIC, groupInstanceId: 'i-1', protocols: offer(['roundrobin', 'range']) }));
  h.clock.advance(100);
  h.coordinator.tick();
  startSync(h, 'solo', first.result?.memberId as string, 1, []);
  assert.equal(h.coordinator.describe('solo')?.protocol, 'roundrobin');
  const restarted = startJoin(h, joinInput('solo', { ...STATIC, groupInstanceId: 'i-1', protocols: offer(['range', 'roundrobin']) }));
  assert.equal(restarted.result?.generationId, 2, 'a new generation, because the vote now picks range');
  assert.equal(restarted.result?.protocolName, 'range');
});

test('a failed write of the replaced static member undoes the replacement', () => {
  const h = harness();
  const { ids } = stableStaticGroup(h);
  h.failPersistence(ErrorCode.NOT_LEADER_OR_FOLLOWER);
  const restarted = startJoin(h, joinInput('s', { ...STATIC, groupInstanceId: 'i-2' }));
  assert.equal(restarted.result?.errorCode, ErrorCode.NOT_COORDINATOR);
  assert.deepEqual(h.coordinator.describe('s')?.members.map((m) => m.memberId).sort(), [...ids].sort(), 'the old member id is back');
});

test('a static member that misses a rebalance is kept until its session expires, then removed with that reason', () => {
  const h = harness();
  const session = 30_000; // longer than the rebalance timeout, so the join phase ends first
  const { ids } = stableStaticGroup(h, { sessionTimeoutMs: session });
  const [one, two] = ids as [string, string];
  const rejoinOne = startJoin(h, joinInput('s', { ...STATIC, sessionTimeoutMs: session, memberId: one, groupInstanceId: 'i-1', protocols: [{ name: 'roundrobin', metadata: Buffer.from('changed') }] }));
  h.clock.advance(STATIC.rebalanceTimeoutMs + 1);
  h.coordinator.tick();
  assert.equal(rejoinOne.result?.generationId, 2, 'the join phase ends at the rebalance timeout');
  assert.ok(h.coordinator.describe('s')?.members.some((m) => m.memberId === two), 'absent static member i-2 is still a member');
  assert.ok(!h.logs.some((l) => l.includes('did not rejoin')));
  h.clock.advance(session + 1);
  h.coordinator.heartbeat({ groupId: 's', generationId: 2, memberId: one, groupInstanceId: 'i-1' });
  h.coordinator.tick();
  assert.ok(!h.coordinator.describe('s')?.members.some((m) => m.memberId === two));
  assert.ok(h.logs.some((l) => l.includes(`member ${two} of group s removed: failed: session timeout`)));
});
