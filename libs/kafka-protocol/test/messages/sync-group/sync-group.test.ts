import { test } from 'node:test';
import { SyncGroupRequest, SyncGroupResponse } from '../../../src';
import { checkKafkajsRequest, checkKafkajsResponse, kafkajsModule } from '../group-kit';

const DIR = 'sync-group';

interface AssignerProtocol {
  MemberAssignment: { encode(a: { version: number; assignment: Record<string, number[]>; userData?: Buffer }): Buffer };
}
const { MemberAssignment } = kafkajsModule<AssignerProtocol>('consumer/assignerProtocol');
const assignmentA = MemberAssignment.encode({ version: 0, assignment: { orders: [0, 2] } });
const assignmentB = MemberAssignment.encode({ version: 0, assignment: { orders: [1], invoices: [0] } });

const requestDefaults = { groupInstanceId: null, protocolType: null, protocolName: null };

test('SyncGroup v0 request (kafkajs): leader sends every assignment', async () => {
  await checkKafkajsRequest(
    SyncGroupRequest,
    DIR,
    'syncGroup',
    0,
    {
      groupId: 'billing-group',
      generationId: 3,
      memberId: 'billing-svc-7d1c',
      groupAssignment: [
        { memberId: 'billing-svc-7d1c', memberAssignment: assignmentA },
        { memberId: 'billing-svc-91ab', memberAssignment: assignmentB },
      ],
    },
    {
      ...requestDefaults,
      groupId: 'billing-group',
      generationId: 3,
      memberId: 'billing-svc-7d1c',
      assignments: [
        { memberId: 'billing-svc-7d1c', assignment: assignmentA },
        { memberId: 'billing-svc-91ab', assignment: assignmentB },
      ],
    },
  );
});

for (const version of [1, 2]) {
  test(`SyncGroup v${version} request (kafkajs): follower sends no assignments`, async () => {
    await checkKafkajsRequest(
      SyncGroupRequest,
      DIR,
      'syncGroup',
      version,
      { groupId: 'billing-group', generationId: 3, memberId: 'billing-svc-91ab', groupAssignment: [] },
      { ...requestDefaults, groupId: 'billing-group', generationId: 3, memberId: 'billing-svc-91ab', assignments: [] },
    );
  });
}

test('SyncGroup v3 request (kafkajs): group instance id', async () => {
  await checkKafkajsRequest(
    SyncGroupRequest,
    DIR,
    'syncGroup',
    3,
    {
      groupId: 'billing-group',
      generationId: 4,
      memberId: 'billing-svc-7d1c',
      groupInstanceId: 'billing-0',
      groupAssignment: [{ memberId: 'billing-svc-7d1c', memberAssignment: assignmentA }],
    },
    {
      ...requestDefaults,
      groupId: 'billing-group',
      generationId: 4,
      memberId: 'billing-svc-7d1c',
      groupInstanceId: 'billing-0',
      assignments: [{ memberId: 'billing-svc-7d1c', assignment: assignmentA }],
    },
  );
});

const responseDefaults = { protocolType: null, protocolName: null };

test('SyncGroup v0 response (kafkajs)', async () => {
  await checkKafkajsResponse(
    SyncGroupResponse,
    DIR,
    'syncGroup',
    0,
    { ...responseDefaults, throttleTimeMs: 0, errorCode: 0, assignment: assignmentA },
    { errorCode: 0, memberAssignment: assignmentA },
  );
});

test('SyncGroup v1 response (kafkajs): member without partitions gets empty bytes', async () => {
  await checkKafkajsResponse(
    SyncGroupResponse,
    DIR,
    'syncGroup',
    1,
    { ...responseDefaults, throttleTimeMs: 0, errorCode: 0, assignment: Buffer.alloc(0) },
    { throttleTime: 0, errorCode: 0, memberAssignment: Buffer.alloc(0) },
  );
});

test('SyncGroup v2 response (kafkajs): REBALANCE_IN_PROGRESS', async () => {
  await checkKafkajsResponse(
    SyncGroupResponse,
    DIR,
    'syncGroup',
    2,
    { ...responseDefaults, throttleTimeMs: 0, errorCode: 27, assignment: Buffer.alloc(0) },
    { throttleTime: 0, clientSideThrottleTime: 0, errorCode: 27, memberAssignment: Buffer.alloc(0) },
    'rejects',
  );
});

test('SyncGroup v3 response (kafkajs)', async () => {
  await checkKafkajsResponse(
    SyncGroupResponse,
    DIR,
    'syncGroup',
    3,
    { ...responseDefaults, throttleTimeMs: 1, errorCode: 0, assignment: assignmentB },
    { throttleTime: 0, clientSideThrottleTime: 1, errorCode: 0, memberAssignment: assignmentB },
  );
});
