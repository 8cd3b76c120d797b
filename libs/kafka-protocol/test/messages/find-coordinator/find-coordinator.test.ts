import { test } from 'node:test';
import { FindCoordinatorRequest, FindCoordinatorResponse } from '../../../src';
import { checkKafkajsRequest, checkKafkajsResponse } from '../group-kit';

const DIR = 'find-coordinator';

test('FindCoordinator v0 request (kafkajs): group key only', async () => {
  await checkKafkajsRequest(FindCoordinatorRequest, DIR, 'findCoordinator', 0, { groupId: 'billing-group' }, {
    key: 'billing-group',
    keyType: 0,
    coordinatorKeys: [],
  });
});

test('FindCoordinator v1 request (kafkajs): group key type', async () => {
  await checkKafkajsRequest(FindCoordinatorRequest, DIR, 'findCoordinator', 1, { coordinatorKey: 'analytics-group', coordinatorType: 0 }, {
    key: 'analytics-group',
    keyType: 0,
    coordinatorKeys: [],
  });
});

test('FindCoordinator v2 request (kafkajs): transaction key type', async () => {
  await checkKafkajsRequest(FindCoordinatorRequest, DIR, 'findCoordinator', 2, { coordinatorKey: 'order-service-tx', coordinatorType: 1 }, {
    key: 'order-service-tx',
    keyType: 1,
    coordinatorKeys: [],
  });
});

const coordinator = { nodeId: 2, host: 'broker-2', port: 9092 };

test('FindCoordinator v0 response (kafkajs)', async () => {
  await checkKafkajsResponse(
    FindCoordinatorResponse,
    DIR,
    'findCoordinator',
    0,
    { throttleTimeMs: 0, errorCode: 0, errorMessage: '', ...coordinator, coordinators: [] },
    { errorCode: 0, coordinator },
  );
});

test('FindCoordinator v1 response (kafkajs): retriable COORDINATOR_NOT_AVAILABLE with a message', async () => {
  await checkKafkajsResponse(
    FindCoordinatorResponse,
    DIR,
    'findCoordinator',
    1,
    { throttleTimeMs: 7, errorCode: 15, errorMessage: 'The coordinator is not available.', nodeId: -1, host: '', port: -1, coordinators: [] },
    { throttleTime: 7, errorCode: 15, errorMessage: 'The coordinator is not available.', coordinator: { nodeId: -1, host: '', port: -1 } },
    'rejects',
  );
});

test('FindCoordinator v2 response (kafkajs)', async () => {
  await checkKafkajsResponse(
    FindCoordinatorResponse,
    DIR,
    'findCoordinator',
    2,
    { throttleTimeMs: 0, errorCode: 0, errorMessage: null, ...coordinator, coordinators: [] },
    { throttleTime: 0, clientSideThrottleTime: 0, errorCode: 0, errorMessage: null, coordinator },
  );
});
