import { test } from 'node:test';
import { LeaveGroupRequest, LeaveGroupResponse } from '../../../src';
import { checkKafkajsRequest, checkKafkajsResponse } from '../group-kit';

const DIR = 'leave-group';

for (const version of [0, 1, 2]) {
  test(`LeaveGroup v${version} request (kafkajs): one member id`, async () => {
    await checkKafkajsRequest(
      LeaveGroupRequest,
      DIR,
      'leaveGroup',
      version,
      { groupId: 'billing-group', memberId: 'billing-svc-7d1c' },
      { groupId: 'billing-group', memberId: 'billing-svc-7d1c', members: [] },
    );
  });
}

test('LeaveGroup v3 request (kafkajs): batch of members', async () => {
  await checkKafkajsRequest(
    LeaveGroupRequest,
    DIR,
    'leaveGroup',
    3,
    {
      groupId: 'billing-group',
      members: [{ memberId: 'billing-svc-7d1c' }, { memberId: 'billing-svc-91ab', groupInstanceId: 'billing-1' }],
    },
    {
      groupId: 'billing-group',
      memberId: '',
      members: [
        { memberId: 'billing-svc-7d1c', groupInstanceId: null, reason: null },
        { memberId: 'billing-svc-91ab', groupInstanceId: 'billing-1', reason: null },
      ],
    },
  );
});

test('LeaveGroup v0 response (kafkajs)', async () => {
  await checkKafkajsResponse(LeaveGroupResponse, DIR, 'leaveGroup', 0, { throttleTimeMs: 0, errorCode: 0, members: [] }, { errorCode: 0 });
});

test('LeaveGroup v1 response (kafkajs)', async () => {
  await checkKafkajsResponse(LeaveGroupResponse, DIR, 'leaveGroup', 1, { throttleTimeMs: 2, errorCode: 0, members: [] }, { throttleTime: 2, errorCode: 0 });
});

test('LeaveGroup v2 response (kafkajs): UNKNOWN_MEMBER_ID', async () => {
  await checkKafkajsResponse(
    LeaveGroupResponse,
    DIR,
    'leaveGroup',
    2,
    { throttleTimeMs: 0, errorCode: 25, members: [] },
    { throttleTime: 0, clientSideThrottleTime: 0, errorCode: 25 },
    'rejects',
  );
});

test('LeaveGroup v3 response (kafkajs): per-member errors', async () => {
  await checkKafkajsResponse(
    LeaveGroupResponse,
    DIR,
    'leaveGroup',
    3,
    {
      throttleTimeMs: 0,
      errorCode: 0,
      members: [
        { memberId: 'billing-svc-7d1c', groupInstanceId: null, errorCode: 0 },
        { memberId: 'billing-svc-91ab', groupInstanceId: 'billing-1', errorCode: 0 },
      ],
    },
    {
      throttleTime: 0,
      clientSideThrottleTime: 0,
      errorCode: 0,
      members: [
        { memberId: 'billing-svc-7d1c', groupInstanceId: null, errorCode: 0 },
        { memberId: 'billing-svc-91ab', groupInstanceId: 'billing-1', errorCode: 0 },
      ],
    },
  );
});
