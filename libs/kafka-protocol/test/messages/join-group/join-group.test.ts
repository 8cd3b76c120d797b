import { test } from 'node:test';
import { JoinGroupRequest, JoinGroupResponse } from '../../../src';
import { checkKafkajsRequest, checkKafkajsResponse, kafkajsModule } from '../group-kit';

const DIR = 'join-group';

interface AssignerProtocol {
  MemberMetadata: { encode(m: { version: number; topics: string[]; userData?: Buffer }): Buffer };
}
const { MemberMetadata } = kafkajsModule<AssignerProtocol>('consumer/assignerProtocol');
/** What kafkajs' RoundRobinAssigner sends as protocol metadata (ConsumerProtocol subscription v0). */
const metadata = MemberMetadata.encode({ version: 0, topics: ['orders'] });
const metadataB = MemberMetadata.encode({ version: 0, topics: ['orders', 'invoices'] });

const protocolsArgs = [{ name: 'RoundRobinAssigner', metadata }];
const protocols = [{ name: 'RoundRobinAssigner', metadata }];

const requestDefaults = { rebalanceTimeoutMs: -1, groupInstanceId: null, reason: null };

test('JoinGroup v0 request (kafkajs): no rebalance timeout on the wire', async () => {
  await checkKafkajsRequest(
    JoinGroupRequest,
    DIR,
    'joinGroup',
    0,
    { groupId: 'billing-group', sessionTimeout: 30000, memberId: '', protocolType: 'consumer', groupProtocols: protocolsArgs },
    { ...requestDefaults, groupId: 'billing-group', sessionTimeoutMs: 30000, memberId: '', protocolType: 'consumer', protocols },
  );
});

for (const version of [1, 2, 3]) {
  test(`JoinGroup v${version} request (kafkajs): rejoin with a known member id`, async () => {
    await checkKafkajsRequest(
      JoinGroupRequest,
      DIR,
      'joinGroup',
      version,
      {
        groupId: 'billing-group',
        sessionTimeout: 30000,
        rebalanceTimeout: 60000,
        memberId: 'billing-svc-7d1c',
        protocolType: 'consumer',
        groupProtocols: protocolsArgs,
      },
      { ...requestDefaults, groupId: 'billing-group', sessionTimeoutMs: 30000, rebalanceTimeoutMs: 60000, memberId: 'billing-svc-7d1c', protocolType: 'consumer', protocols },
    );
  });
}

test('JoinGroup v4 request (kafkajs): first join with an empty member id, two protocols', async () => {
  await checkKafkajsRequest(
    JoinGroupRequest,
    DIR,
    'joinGroup',
    4,
    {
      groupId: 'analytics-group',
      sessionTimeout: 10000,
      rebalanceTimeout: 20000,
      memberId: '',
      protocolType: 'consumer',
      groupProtocols: [
        { name: 'RoundRobinAssigner', metadata: metadataB },
        { name: 'NestReplyPartitionAssigner', metadata: metadataB },
      ],
    },
    {
      ...requestDefaults,
      groupId: 'analytics-group',
      sessionTimeoutMs: 10000,
      rebalanceTimeoutMs: 20000,
      memberId: '',
      protocolType: 'consumer',
      protocols: [
        { name: 'RoundRobinAssigner', metadata: metadataB },
        { name: 'NestReplyPartitionAssigner', metadata: metadataB },
      ],
    },
  );
});

test('JoinGroup v5 request (kafkajs): static member with a group instance id', async () => {
  await checkKafkajsRequest(
    JoinGroupRequest,
    DIR,
    'joinGroup',
    5,
    {
      groupId: 'billing-group',
      sessionTimeout: 30000,
      rebalanceTimeout: 60000,
      memberId: 'billing-svc-7d1c',
      groupInstanceId: 'billing-0',
      protocolType: 'consumer',
      groupProtocols: protocolsArgs,
    },
    {
      ...requestDefaults,
      groupId: 'billing-group',
      sessionTimeoutMs: 30000,
      rebalanceTimeoutMs: 60000,
      memberId: 'billing-svc-7d1c',
      groupInstanceId: 'billing-0',
      protocolType: 'consumer',
      protocols,
    },
  );
});

/** The leader's answer: every member with its metadata for the chosen protocol. */
const leaderAnswer = {
  errorCode: 0,
  generationId: 3,
  protocolType: null,
  protocolName: 'RoundRobinAssigner',
  leader: 'billing-svc-7d1c',
  skipAssignment: false,
  memberId: 'billing-svc-7d1c',
  members: [
    { memberId: 'billing-svc-7d1c', groupInstanceId: null, metadata },
    { memberId: 'billing-svc-91ab', groupInstanceId: null, metadata: metadataB },
  ],
};
const kafkajsLeader = {
  errorCode: 0,
  generationId: 3,
  groupProtocol: 'RoundRobinAssigner',
  leaderId: 'billing-svc-7d1c',
  memberId: 'billing-svc-7d1c',
  members: [
    { memberId: 'billing-svc-7d1c', memberMetadata: metadata },
    { memberId: 'billing-svc-91ab', memberMetadata: metadataB },
  ],
};

test('JoinGroup v0 response (kafkajs): leader', async () => {
  await checkKafkajsResponse(JoinGroupResponse, DIR, 'joinGroup', 0, { throttleTimeMs: 0, ...leaderAnswer }, kafkajsLeader);
});

test('JoinGroup v1 response (kafkajs): follower gets no member list', async () => {
  await checkKafkajsResponse(
    JoinGroupResponse,
    DIR,
    'joinGroup',
    1,
    { throttleTimeMs: 0, ...leaderAnswer, memberId: 'billing-svc-91ab', members: [] },
    { ...kafkajsLeader, memberId: 'billing-svc-91ab', members: [] },
  );
});

test('JoinGroup v2 response (kafkajs): throttle time', async () => {
  await checkKafkajsResponse(JoinGroupResponse, DIR, 'joinGroup', 2, { throttleTimeMs: 5, ...leaderAnswer }, { throttleTime: 5, ...kafkajsLeader });
});

test('JoinGroup v3 response (kafkajs): client-side throttle time', async () => {
  await checkKafkajsResponse(
    JoinGroupResponse,
    DIR,
    'joinGroup',
    3,
    { throttleTimeMs: 5, ...leaderAnswer },
    { throttleTime: 0, clientSideThrottleTime: 5, ...kafkajsLeader },
  );
});

test('JoinGroup v4 response (kafkajs): MEMBER_ID_REQUIRED hands out the member id', async () => {
  await checkKafkajsResponse(
    JoinGroupResponse,
    DIR,
    'joinGroup',
    4,
    {
      throttleTimeMs: 0,
      errorCode: 79,
      generationId: -1,
      protocolType: null,
      protocolName: '',
      leader: '',
      skipAssignment: false,
      memberId: 'analytics-svc-0e5f',
      members: [],
    },
    {
      throttleTime: 0,
      clientSideThrottleTime: 0,
      errorCode: 79,
      generationId: -1,
      groupProtocol: '',
      leaderId: '',
      memberId: 'analytics-svc-0e5f',
      members: [],
    },
    'rejects',
  );
});

test('JoinGroup v5 response (kafkajs): members carry group instance ids', async () => {
  await checkKafkajsResponse(
    JoinGroupResponse,
    DIR,
    'joinGroup',
    5,
    {
      throttleTimeMs: 0,
      ...leaderAnswer,
      members: [
        { memberId: 'billing-svc-7d1c', groupInstanceId: 'billing-0', metadata },
        { memberId: 'billing-svc-91ab', groupInstanceId: null, metadata: metadataB },
      ],
    },
    {
      throttleTime: 0,
      clientSideThrottleTime: 0,
      ...kafkajsLeader,
      members: [
        { memberId: 'billing-svc-7d1c', groupInstanceId: 'billing-0', memberMetadata: metadata },
        { memberId: 'billing-svc-91ab', groupInstanceId: null, memberMetadata: metadataB },
      ],
    },
  );
});
