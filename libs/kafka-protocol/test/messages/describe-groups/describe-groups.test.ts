import { test } from 'node:test';
import { DescribeGroupsRequest, DescribeGroupsResponse } from '../../../src';
import { checkKafkajsRequest, checkKafkajsResponse, kafkajsModule } from '../group-kit';

const DIR = 'describe-groups';

interface AssignerProtocol {
  MemberMetadata: { encode(m: { version: number; topics: string[]; userData?: Buffer }): Buffer };
  MemberAssignment: { encode(a: { version: number; assignment: Record<string, number[]>; userData?: Buffer }): Buffer };
}
const { MemberMetadata, MemberAssignment } = kafkajsModule<AssignerProtocol>('consumer/assignerProtocol');
const metadata = MemberMetadata.encode({ version: 0, topics: ['orders'] });
const assignmentA = MemberAssignment.encode({ version: 0, assignment: { orders: [0, 2] } });
const assignmentB = MemberAssignment.encode({ version: 0, assignment: { orders: [1] } });

for (const version of [0, 1, 2]) {
  test(`DescribeGroups v${version} request (kafkajs)`, async () => {
    await checkKafkajsRequest(
      DescribeGroupsRequest,
      DIR,
      'describeGroups',
      version,
      { groupIds: ['billing-group', 'analytics-group'] },
      { groups: ['billing-group', 'analytics-group'], includeAuthorizedOperations: false },
    );
  });
}

/** A stable group with two members, and a group the coordinator does not know (Kafka: state "Dead", error 0). */
const NO_OPS = -2147483648;
const groups = [
  {
    errorCode: 0,
    groupId: 'billing-group',
    groupState: 'Stable',
    protocolType: 'consumer',
    protocolData: 'RoundRobinAssigner',
    members: [
      { memberId: 'billing-svc-7d1c', groupInstanceId: null, clientId: 'billing-svc', clientHost: '/10.0.0.7', memberMetadata: metadata, memberAssignment: assignmentA },
      { memberId: 'billing-svc-91ab', groupInstanceId: null, clientId: 'billing-svc', clientHost: '/10.0.0.8', memberMetadata: metadata, memberAssignment: assignmentB },
    ],
    authorizedOperations: NO_OPS,
  },
  { errorCode: 0, groupId: 'analytics-group', groupState: 'Dead', protocolType: '', protocolData: '', members: [], authorizedOperations: NO_OPS },
];
const kafkajsGroups = [
  {
    errorCode: 0,
    groupId: 'billing-group',
    state: 'Stable',
    protocolType: 'consumer',
    protocol: 'RoundRobinAssigner',
    members: [
      { memberId: 'billing-svc-7d1c', clientId: 'billing-svc', clientHost: '/10.0.0.7', memberMetadata: metadata, memberAssignment: assignmentA },
      { memberId: 'billing-svc-91ab', clientId: 'billing-svc', clientHost: '/10.0.0.8', memberMetadata: metadata, memberAssignment: assignmentB },
    ],
  },
  { errorCode: 0, groupId: 'analytics-group', state: 'Dead', protocolType: '', protocol: '', members: [] },
];

test('DescribeGroups v0 response (kafkajs)', async () => {
  await checkKafkajsResponse(DescribeGroupsResponse, DIR, 'describeGroups', 0, { throttleTimeMs: 0, groups }, { groups: kafkajsGroups });
});

test('DescribeGroups v1 response (kafkajs)', async () => {
  await checkKafkajsResponse(DescribeGroupsResponse, DIR, 'describeGroups', 1, { throttleTimeMs: 4, groups }, { throttleTime: 4, groups: kafkajsGroups });
});

test('DescribeGroups v2 response (kafkajs): per-group error', async () => {
  const notCoordinator = { errorCode: 16, groupId: 'billing-group', groupState: '', protocolType: '', protocolData: '', members: [], authorizedOperations: NO_OPS };
  await checkKafkajsResponse(
    DescribeGroupsResponse,
    DIR,
    'describeGroups',
    2,
    { throttleTimeMs: 0, groups: [notCoordinator] },
    {
      throttleTime: 0,
      clientSideThrottleTime: 0,
      groups: [{ errorCode: 16, groupId: 'billing-group', state: '', protocolType: '', protocol: '', members: [] }],
    },
    'rejects',
  );
});
