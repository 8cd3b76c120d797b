/**
 * Requests captured from a real client, kcat 1.7.1 / librdkafka 2.0.2, running a consumer group
 * (`kcat -G billing-group orders -c 1`) against a throwaway fake broker: join with the
 * MEMBER_ID_REQUIRED dance, range assignment, committed-offset fetch, one message, commit, leave.
 * librdkafka picks the highest version we advertise, so these cover OffsetCommit v7 and
 * OffsetFetch v5, which kafkajs cannot produce. Each must decode strictly to the expected value
 * and re-encode to the identical bytes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  FindCoordinatorRequest,
  HeartbeatRequest,
  JoinGroupRequest,
  LeaveGroupRequest,
  OffsetCommitRequest,
  OffsetFetchRequest,
  Reader,
  SyncGroupRequest,
  decodeConsumerAssignment,
  decodeConsumerSubscription,
  decodeMessage,
  encodeMessage,
  type MessageOf,
  type MessageSpec,
} from '../../src';
import { readHexFile } from './group-kit';

const MEMBER = 'rdkafka-member-1';

function check<M extends MessageSpec>(spec: M, dir: string, version: number, expected: MessageOf<M>): MessageOf<M> {
  const bytes = readHexFile(`${dir}/v${version}.librdkafka.request.hex`);
  const decoded = decodeMessage(spec, version, new Reader(bytes));
  assert.deepEqual(decoded, expected);
  assert.deepEqual(encodeMessage(spec, version, decoded).toBuffer(), bytes, 're-encodes to the captured bytes');
  return decoded;
}

test('librdkafka FindCoordinator v2', () => {
  check(FindCoordinatorRequest, 'find-coordinator', 2, { key: 'billing-group', keyType: 0, coordinatorKeys: [] });
});

test('librdkafka JoinGroup v5: range and roundrobin, ConsumerProtocol subscription v1', () => {
  const subscription = Buffer.from('00010000000100066f72646572730000000000000000', 'hex');
  const joined = check(JoinGroupRequest, 'join-group', 5, {
    groupId: 'billing-group',
    sessionTimeoutMs: 45000,
    rebalanceTimeoutMs: 300000,
    memberId: MEMBER,
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: [
      { name: 'range', metadata: subscription },
      { name: 'roundrobin', metadata: subscription },
    ],
    reason: null,
  });
  assert.deepEqual(decodeConsumerSubscription(joined.protocols[0]?.metadata ?? Buffer.alloc(0)), {
    version: 1,
    topics: ['orders'],
    userData: Buffer.alloc(0),
    ownedPartitions: [],
    generationId: -1,
    rackId: null,
  });
});

test('librdkafka SyncGroup v3: the leader assigns orders[0] to itself', () => {
  const synced = check(SyncGroupRequest, 'sync-group', 3, {
    groupId: 'billing-group',
    generationId: 1,
    memberId: MEMBER,
    groupInstanceId: null,
    protocolType: null,
    protocolName: null,
    assignments: [{ memberId: MEMBER, assignment: Buffer.from('00000000000100066f7264657273000000010000000000000000', 'hex') }],
  });
  assert.deepEqual(decodeConsumerAssignment(synced.assignments[0]?.assignment ?? Buffer.alloc(0)), {
    version: 0,
    assignedPartitions: [{ topic: 'orders', partitions: [0] }],
    userData: Buffer.alloc(0),
  });
});

test('librdkafka Heartbeat v3', () => {
  check(HeartbeatRequest, 'heartbeat', 3, { groupId: 'billing-group', generationId: 1, memberId: MEMBER, groupInstanceId: null });
});

test('librdkafka OffsetFetch v5', () => {
  check(OffsetFetchRequest, 'offset-fetch', 5, {
    groupId: 'billing-group',
    topics: [{ name: 'orders', partitionIndexes: [0] }],
    groups: [],
    requireStable: false,
  });
});

test('librdkafka OffsetCommit v7: next offset to consume, unknown leader epoch, empty metadata', () => {
  check(OffsetCommitRequest, 'offset-commit', 7, {
    groupId: 'billing-group',
    generationIdOrMemberEpoch: 1,
    memberId: MEMBER,
    groupInstanceId: null,
    retentionTimeMs: -1,
    topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 1, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: '' }] }],
  });
});

test('librdkafka LeaveGroup v1 (its maximum)', () => {
  check(LeaveGroupRequest, 'leave-group', 1, { groupId: 'billing-group', memberId: MEMBER, members: [] });
});
