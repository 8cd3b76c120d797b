import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode, encodeConsumerSubscription } from '@orderlab/kafka-protocol';
import type { OffsetDeleteResult } from '../../src/groups';
import { RETENTION_MS, harness, joinInput, stableGroup, type Harness } from './harness';

const commit = (h: Harness, groupId: string, topic: string, offset: number, memberId = '', generationId = -1): void =>
  h.coordinator.commitOffsets({ groupId, memberId, generationId, groupInstanceId: null, topics: [{ name: topic, partitions: [{ partitionIndex: 0, committedOffset: offset, committedLeaderEpoch: -1, committedMetadata: null }] }] }, () => undefined);
const committed = (h: Harness, groupId: string, topic: string): number =>
  h.coordinator.fetchOffsets({ groupId, topics: [{ name: topic, partitionIndexes: [0] }] }).topics[0]?.partitions[0]?.committedOffset ?? -99;
const groups = (h: Harness): string[] => h.coordinator.listGroups().map((g) => g.groupId).sort();
const consumerOf = (...topics: string[]) => ({ protocols: [{ name: 'range', metadata: encodeConsumerSubscription({ topics }) }] });

test('a standalone commit expires offsets.retention.minutes after it was made, and the group goes with its last offset', () => {
  const h = harness();
  commit(h, 'solo', 'orders', 7);
  h.clock.advance(RETENTION_MS - 1);
  h.coordinator.expireOffsets();
  assert.equal(committed(h, 'solo', 'orders'), 7);
  h.clock.advance(1);
  h.coordinator.expireOffsets();
  assert.equal(committed(h, 'solo', 'orders'), -1);
  assert.deepEqual(groups(h), [], 'the group map shrinks');
  assert.equal(h.coordinator.describeGroup('solo').view.state, 'Dead');
  const last = h.stored[h.stored.length - 1];
  assert.deepEqual(last?.records, [{ kind: 'offset', group: 'solo', topic: 'orders', partition: 0, value: null }], 'a tombstone, so a restart does not bring it back');
});

test('an empty consumer group keeps its offsets for the retention counted from when it became empty, not from the commit', () => {
  const h = harness();
  const { members, generation } = stableGroup(h, 'g', 1);
  commit(h, 'g', 'orders', 42, members[0], generation);
  h.clock.advance(RETENTION_MS * 2);
  h.coordinator.expireOffsets();
  assert.equal(committed(h, 'g', 'orders'), 42, 'a live group keeps offsets of the topics it consumes (subscription unknown here)');
  h.coordinator.leave({ groupId: 'g', members: [{ memberId: members[0] as string, groupInstanceId: null }] });
  assert.equal(h.coordinator.describe('g')?.state, 'Empty');
  h.clock.advance(RETENTION_MS - 1);
  h.coordinator.expireOffsets();
  assert.equal(committed(h, 'g', 'orders'), 42);
  h.clock.advance(1);
  h.coordinator.expireOffsets();
  assert.equal(committed(h, 'g', 'orders'), -1);
  assert.deepEqual(groups(h), []);
  const tombstones = h.stored[h.stored.length - 1]?.records.map((r) => `${r.kind}:${r.value === null}`);
  assert.deepEqual(tombstones, ['offset:true', 'group:true'], 'offset and group metadata tombstones');
});

test('the empty-since time survives a reload of the partition', () => {
  const h = harness();
  const { members, generation } = stableGroup(h, 'g', 1);
  commit(h, 'g', 'orders', 42, members[0], generation);
  h.coordinator.leave({ groupId: 'g', members: [{ memberId: members[0] as string, groupInstanceId: null }] });
  const partition = h.coordinator.partitionFor('g');
  const records = h.coordinator.snapshotRecords(partition);
  const later = harness();
  later.clock.set(h.clock.now() + RETENTION_MS);
  later.coordinator.unloadPartition(partition);
  later.coordinator.loadPartition(partition, records);
  later.coordinator.expireOffsets();
  assert.equal(committed(later, 'g', 'orders'), -1);
});

test('a Stable consumer group loses only the offsets of topics none of its members subscribes to', () => {
  const h = harness();
  const { members, generation } = stableGroup(h, 'g', 2, consumerOf('orders'));
  commit(h, 'g', 'orders', 1, members[0], generation);
  commit(h, 'g', 'old-topic', 2, members[0], generation);
  h.clock.advance(RETENTION_MS);
  h.coordinator.expireOffsets();
  assert.deepEqual([committed(h, 'g', 'orders'), committed(h, 'g', 'old-topic')], [1, -1]);
  assert.deepEqual(groups(h), ['g']);
});

test('deleting a topic removes its offsets from every group; groups left empty with nothing are removed', () => {
  const h = harness();
  const { members, generation } = stableGroup(h, 'live', 1);
  commit(h, 'live', 'doomed', 5, members[0], generation);
  commit(h, 'live', 'kept', 6, members[0], generation);
  commit(h, 'idle', 'doomed', 7);
  h.coordinator.deleteTopicOffsets('doomed');
  assert.deepEqual([committed(h, 'live', 'doomed'), committed(h, 'live', 'kept'), committed(h, 'idle', 'doomed')], [-1, 6, -1]);
  assert.deepEqual(groups(h), ['live']);
});

test('OffsetDelete: any offset of an empty group; GROUP_SUBSCRIBED_TO_TOPIC for a live consumer group’s topics; NON_EMPTY_GROUP, GROUP_ID_NOT_FOUND', () => {
  const h = harness();
  let answer: OffsetDeleteResult | undefined;
  const del = (groupId: string, ...topics: string[]) => h.coordinator.deleteOffsets({ groupId, topics: topics.map((name) => ({ name, partitionIndexes: [0] })) }, (r) => (answer = r));
  commit(h, 'idle', 'orders', 3);
  commit(h, 'idle', 'other', 4);
  del('idle', 'orders');
  assert.deepEqual(answer, { errorCode: 0, topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, errorCode: 0 }] }] });
  assert.deepEqual([committed(h, 'idle', 'orders'), committed(h, 'idle', 'other')], [-1, 4]);
  del('idle', 'other');
  assert.deepEqual(groups(h), [], 'the last offset gone: the empty group is removed');

  const { members, generation } = stableGroup(h, 'busy', 1, consumerOf('orders'));
  commit(h, 'busy', 'orders', 1, members[0], generation);
  commit(h, 'busy', 'legacy', 2, members[0], generation);
  del('busy', 'orders', 'legacy');
  assert.deepEqual(answer?.topics.map((t) => [t.name, t.partitions[0]?.errorCode]), [['orders', ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC], ['legacy', 0]]);
  assert.deepEqual([committed(h, 'busy', 'orders'), committed(h, 'busy', 'legacy')], [1, -1]);

  stableGroup(h, 'connect', 1, { protocolType: 'connect' });
  del('connect', 'orders');
  assert.deepEqual(answer, { errorCode: ErrorCode.NON_EMPTY_GROUP, topics: [] });
  del('nobody', 'orders');
  assert.deepEqual(answer, { errorCode: ErrorCode.GROUP_ID_NOT_FOUND, topics: [] });
});

test('a thousand short-lived groups do not stay: the tick, the group map and the snapshot shrink back', () => {
  const h = harness();
  for (let i = 0; i < 1000; i++) commit(h, `once-${i}`, 'orders', i);
  // a member that got MEMBER_ID_REQUIRED and never came back leaves an empty group with nothing in it
  h.coordinator.join(joinInput('ghost', { requireKnownMemberId: true }), () => undefined);
  h.clock.advance(RETENTION_MS);
  h.coordinator.tick();
  h.coordinator.expireOffsets();
  assert.deepEqual(groups(h), []);
  const snapshot = Array.from({ length: 50 }, (_, p) => h.coordinator.snapshotRecords(p)).flat();
  assert.deepEqual(snapshot, []);
});
