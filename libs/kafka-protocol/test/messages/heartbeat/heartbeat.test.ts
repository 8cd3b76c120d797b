import { test } from 'node:test';
import { HeartbeatRequest, HeartbeatResponse } from '../../../src';
import { checkKafkajsRequest, checkKafkajsResponse } from '../group-kit';

const DIR = 'heartbeat';

for (const version of [0, 1, 2]) {
  test(`Heartbeat v${version} request (kafkajs)`, async () => {
    await checkKafkajsRequest(
      HeartbeatRequest,
      DIR,
      'heartbeat',
      version,
      { groupId: 'billing-group', groupGenerationId: 3, memberId: 'billing-svc-7d1c' },
      { groupId: 'billing-group', generationId: 3, memberId: 'billing-svc-7d1c', groupInstanceId: null },
    );
  });
}

test('Heartbeat v3 request (kafkajs): group instance id', async () => {
  await checkKafkajsRequest(
    HeartbeatRequest,
    DIR,
    'heartbeat',
    3,
    { groupId: 'billing-group', groupGenerationId: 3, memberId: 'billing-svc-7d1c', groupInstanceId: 'billing-0' },
    { groupId: 'billing-group', generationId: 3, memberId: 'billing-svc-7d1c', groupInstanceId: 'billing-0' },
  );
});

test('Heartbeat v0 response (kafkajs)', async () => {
  await checkKafkajsResponse(HeartbeatResponse, DIR, 'heartbeat', 0, { throttleTimeMs: 0, errorCode: 0 }, { errorCode: 0 });
});

test('Heartbeat v1 response (kafkajs): REBALANCE_IN_PROGRESS tells the member to rejoin', async () => {
  await checkKafkajsResponse(HeartbeatResponse, DIR, 'heartbeat', 1, { throttleTimeMs: 0, errorCode: 27 }, { throttleTime: 0, errorCode: 27 }, 'rejects');
});

test('Heartbeat v2 response (kafkajs)', async () => {
  await checkKafkajsResponse(
    HeartbeatResponse,
    DIR,
    'heartbeat',
    2,
    { throttleTimeMs: 3, errorCode: 0 },
    { throttleTime: 0, clientSideThrottleTime: 3, errorCode: 0 },
  );
});

test('Heartbeat v3 response (kafkajs): UNKNOWN_MEMBER_ID', async () => {
  await checkKafkajsResponse(
    HeartbeatResponse,
    DIR,
    'heartbeat',
    3,
    { throttleTimeMs: 0, errorCode: 25 },
    { throttleTime: 0, clientSideThrottleTime: 0, errorCode: 25 },
    'rejects',
  );
});
