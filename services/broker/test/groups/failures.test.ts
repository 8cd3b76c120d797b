import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode } from '@orderlab/kafka-protocol';
import { harness, joinInput, stableGroup, startJoin, startSync } from './harness';

/** Two members joined (generation 1, CompletingRebalance), nobody synced yet. */
function joinedPair(sessionTimeoutMs = 10_000) {
  const h = harness();
  const joins = [startJoin(h, joinInput('g', { sessionTimeoutMs })), startJoin(h, joinInput('g', { sessionTimeoutMs }))];
  h.clock.advance(100);
  h.coordinator.tick();
  const leader = joins.find((j) => (j.result?.members.length ?? 0) > 0)?.result?.memberId as string;
  const follower = joins.find((j) => j.result?.members.length === 0)?.result?.memberId as string;
  return { h, leader, follower };
}

test('a follower parked in SyncGroup is not expired; a leader that never syncs is, and the follower is told to rejoin', () => {
  const { h, leader, follower } = joinedPair();
  const parked = startSync(h, 'g', follower, 1);
  h.clock.advance(10_001);
  h.coordinator.tick();
  assert.equal(parked.result?.errorCode, ErrorCode.REBALANCE_IN_PROGRESS);
  const members = h.coordinator.describe('g')?.members.map((m) => m.memberId);
  assert.deepEqual(members, [follower], 'only the silent leader was removed');
  assert.ok(h.logs.some((l) => l.includes(`member ${leader} of group g removed: failed: session timeout`)));
});

test('a member that leaves while parked in SyncGroup gets exactly one answer', () => {
  const { h, follower } = joinedPair();
  let answers = 0;
  let code = -2;
  h.coordinator.sync({ groupId: 'g', memberId: follower, generationId: 1, groupInstanceId: null, assignments: [] }, (r) => {
    answers++;
    code = r.errorCode;
  });
  h.coordinator.leave({ groupId: 'g', members: [{ memberId: follower, groupInstanceId: null }] });
  h.clock.advance(60_000);
  h.coordinator.tick();
  assert.equal(answers, 1);
  assert.equal(code, ErrorCode.UNKNOWN_MEMBER_ID);
});

test('an assignment that cannot be stored is not handed out: coordinator error, then a new rebalance', () => {
  const { h, leader, follower } = joinedPair();
  const parked = startSync(h, 'g', follower, 1);
  h.failPersistence(ErrorCode.NOT_LEADER_OR_FOLLOWER);
  const leaderSync = startSync(h, 'g', leader, 1, [{ memberId: leader, assignment: Buffer.from('x') }]);
  assert.equal(leaderSync.result?.errorCode, ErrorCode.NOT_COORDINATOR, 'append errors are mapped as Kafka maps them');
  assert.equal(parked.result?.errorCode, ErrorCode.NOT_COORDINATOR);
  assert.equal(h.coordinator.describe('g')?.state, 'PreparingRebalance');
});

test('a commit that cannot be stored answers a coordinator error per partition and changes nothing', () => {
  const h = harness();
  h.failPersistence(ErrorCode.NOT_ENOUGH_REPLICAS);
  let codes: number[] = [];
  const input = { groupId: 'solo', memberId: '', generationId: -1, groupInstanceId: null, topics: [{ name: 't', partitions: [0, 1].map((p) => ({ partitionIndex: p, committedOffset: 7, committedLeaderEpoch: -1, committedMetadata: null })) }] };
  h.coordinator.commitOffsets(input, (r) => (codes = r.flatMap((t) => t.partitions.map((p) => p.errorCode))));
  assert.deepEqual(codes, [ErrorCode.COORDINATOR_NOT_AVAILABLE, ErrorCode.COORDINATOR_NOT_AVAILABLE]);
  assert.equal(h.coordinator.fetchOffsets({ groupId: 'solo', topics: null }).topics.length, 0);
});

test('a commit that completes after its group was deleted does not resurrect offsets', () => {
  const h = harness({ holdPersistence: true });
  const input = (offset: number) => ({ groupId: 'g', memberId: '', generationId: -1, groupInstanceId: null, topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: offset, committedLeaderEpoch: -1, committedMetadata: null }] }] });
  h.coordinator.commitOffsets(input(1), () => undefined);
  h.held.shift()?.();
  h.coordinator.commitOffsets(input(2), () => undefined); // held: not yet durable
  let deleted: unknown;
  h.coordinator.deleteGroups(['g'], (r) => (deleted = r));
  h.held.pop()?.(); // the tombstones land
  h.held.shift()?.(); // then the late commit completes
  assert.deepEqual(deleted, [{ groupId: 'g', errorCode: ErrorCode.NONE }]);
  assert.equal(h.coordinator.fetchOffsets({ groupId: 'g', topics: [{ name: 't', partitionIndexes: [0] }] }).topics[0]?.partitions[0]?.committedOffset, -1);
});

test('an empty group id is INVALID_GROUP_ID for the membership APIs', () => {
  const h = harness();
  assert.equal(startJoin(h, joinInput('')).result?.errorCode, ErrorCode.INVALID_GROUP_ID);
  assert.equal(h.coordinator.heartbeat({ groupId: '', generationId: 1, memberId: 'm', groupInstanceId: null }), ErrorCode.INVALID_GROUP_ID);
});

test('leaving as the pending member a join phase waits for lets the phase complete', () => {
  const h = harness();
  const { members } = stableGroup(h, 'g', 1);
  const pending = startJoin(h, joinInput('g', { requireKnownMemberId: true })).result?.memberId as string;
  const rejoin = startJoin(h, joinInput('g', { memberId: members[0] as string, protocols: [{ name: 'roundrobin', metadata: Buffer.from('new') }] }));
  const answer = () => rejoin.result; // read through a function: each read is fresh
  assert.equal(answer(), undefined, 'waiting for the pending member');
  h.coordinator.leave({ groupId: 'g', members: [{ memberId: pending, groupInstanceId: null }] });
  assert.equal(answer()?.generationId, 2);
});
