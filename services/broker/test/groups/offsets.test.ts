import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode } from '@orderlab/kafka-protocol';
import type { GroupRecord } from '../../src/groups';
import { harness, stableGroup } from './harness';

const commit = (groupId: string, memberId: string, generationId: number, offset: number, partition = 0) => ({
  groupId,
  memberId,
  generationId,
  groupInstanceId: null,
  topics: [{ name: 'orders', partitions: [{ partitionIndex: partition, committedOffset: offset, committedLeaderEpoch: -1, committedMetadata: null }] }],
});

test('commits are answered only once durable, and the fetched offset is exactly what was committed (the next offset to read)', () => {
  const h = harness({ holdPersistence: true });
  let answer: unknown;
  h.coordinator.commitOffsets(commit('solo', '', -1, 201), (r) => (answer = r));
  assert.equal(answer, undefined, 'no answer before the store confirms');
  assert.equal(h.coordinator.fetchOffsets({ groupId: 'solo', topics: [{ name: 'orders', partitionIndexes: [0] }] }).topics[0]?.partitions[0]?.committedOffset, -1);
  h.held.shift()?.();
  assert.deepEqual(answer, [{ name: 'orders', partitions: [{ partitionIndex: 0, errorCode: 0 }] }]);
  const fetched = h.coordinator.fetchOffsets({ groupId: 'solo', topics: [{ name: 'orders', partitionIndexes: [0, 1] }] });
  assert.deepEqual(fetched.topics[0]?.partitions.map((p) => p.committedOffset), [201, -1]);
  assert.equal(h.coordinator.fetchOffsets({ groupId: 'nobody', topics: null }).topics.length, 0);
});

test('member commits are checked: unknown member, wrong generation, during CompletingRebalance', () => {
  const h = harness();
  const { members, generation } = stableGroup(h, 'g', 1);
  let codes: number[] = [];
  const collect = (r: Array<{ partitions: Array<{ errorCode: number }> }>) => (codes = r.flatMap((t) => t.partitions.map((p) => p.errorCode)));
  h.coordinator.commitOffsets(commit('g', 'ghost', generation, 5), collect);
  assert.deepEqual(codes, [ErrorCode.UNKNOWN_MEMBER_ID]);
  h.coordinator.commitOffsets(commit('g', members[0] as string, generation + 7, 5), collect);
  assert.deepEqual(codes, [ErrorCode.ILLEGAL_GENERATION]);
  h.coordinator.commitOffsets(commit('g', '', -1, 5), collect);
  assert.deepEqual(codes, [ErrorCode.UNKNOWN_MEMBER_ID], 'a standalone commit needs an empty group');
  h.coordinator.commitOffsets(commit('g', members[0] as string, generation, 5), collect);
  assert.deepEqual(codes, [ErrorCode.NONE]);
});

test('reloading a partition from its records rebuilds offsets and group metadata; tombstones delete', () => {
  const h = harness();
  const { members } = stableGroup(h, 'g', 1);
  h.coordinator.commitOffsets(commit('g', members[0] as string, 1, 42, 3), () => undefined);
  const partition = h.coordinator.partitionFor('g');
  const records: GroupRecord[] = h.stored.filter((s) => s.partition === partition).flatMap((s) => s.records);
  const fresh = harness();
  fresh.coordinator.unloadPartition(partition);
  fresh.coordinator.loadPartition(partition, records);
  assert.equal(fresh.coordinator.fetchOffsets({ groupId: 'g', topics: [{ name: 'orders', partitionIndexes: [3] }] }).topics[0]?.partitions[0]?.committedOffset, 42);
  const view = fresh.coordinator.describe('g');
  assert.equal(view?.generationId, 1);
  assert.equal(view?.members[0]?.assignment.toString(), `a-${members[0]}`);
  const snapshot = h.coordinator.snapshotRecords(partition);
  assert.deepEqual(snapshot.map((r) => r.kind).sort(), ['group', 'offset']);
  fresh.coordinator.loadPartition(partition, [{ kind: 'offset', group: 'g', topic: 'orders', partition: 3, value: null }]);
  assert.equal(fresh.coordinator.fetchOffsets({ groupId: 'g', topics: [{ name: 'orders', partitionIndexes: [3] }] }).topics[0]?.partitions[0]?.committedOffset, -1);
});

test('requests for groups whose partition is not loaded here answer NOT_COORDINATOR', () => {
  const h = harness();
  h.coordinator.unloadPartition(h.coordinator.partitionFor('elsewhere'));
  assert.equal(h.coordinator.heartbeat({ groupId: 'elsewhere', generationId: 1, memberId: 'm', groupInstanceId: null }), ErrorCode.NOT_COORDINATOR);
  assert.equal(h.coordinator.fetchOffsets({ groupId: 'elsewhere', topics: null }).errorCode, ErrorCode.NOT_COORDINATOR);
});

test('only empty groups can be deleted, and their offsets go with them', () => {
  const h = harness();
  const { members } = stableGroup(h, 'busy', 1);
  h.coordinator.commitOffsets(commit('idle', '', -1, 9), () => undefined);
  let results: Array<{ groupId: string; errorCode: number }> = [];
  h.coordinator.deleteGroups(['busy', 'idle', 'missing'], (r) => (results = r));
  assert.deepEqual(Object.fromEntries(results.map((r) => [r.groupId, r.errorCode])), { busy: ErrorCode.NON_EMPTY_GROUP, idle: 0, missing: ErrorCode.GROUP_ID_NOT_FOUND });
  assert.equal(h.coordinator.fetchOffsets({ groupId: 'idle', topics: [{ name: 'orders', partitionIndexes: [0] }] }).topics[0]?.partitions[0]?.committedOffset, -1);
  assert.equal(h.coordinator.describe('busy')?.members[0]?.memberId, members[0]);
  assert.equal(h.coordinator.describeGroup('missing').view.state, 'Dead');
});
