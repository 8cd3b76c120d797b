import { test } from 'node:test';
import { ListGroupsRequest, ListGroupsResponse } from '../../../src';
import { checkKafkajsRequest, checkKafkajsResponse } from '../group-kit';

const DIR = 'list-groups';

for (const version of [0, 1, 2]) {
  test(`ListGroups v${version} request (kafkajs): empty body`, async () => {
    await checkKafkajsRequest(ListGroupsRequest, DIR, 'listGroups', version, undefined, { statesFilter: [], typesFilter: [] });
  });
}

const groups = [
  { groupId: 'billing-group', protocolType: 'consumer', groupState: '', groupType: '' },
  { groupId: 'analytics-group', protocolType: 'consumer', groupState: '', groupType: '' },
];
const kafkajsGroups = [
  { groupId: 'billing-group', protocolType: 'consumer' },
  { groupId: 'analytics-group', protocolType: 'consumer' },
];

test('ListGroups v0 response (kafkajs)', async () => {
  await checkKafkajsResponse(ListGroupsResponse, DIR, 'listGroups', 0, { throttleTimeMs: 0, errorCode: 0, groups }, { errorCode: 0, groups: kafkajsGroups });
});

test('ListGroups v1 response (kafkajs): no groups', async () => {
  await checkKafkajsResponse(ListGroupsResponse, DIR, 'listGroups', 1, { throttleTimeMs: 0, errorCode: 0, groups: [] }, { throttleTime: 0, errorCode: 0, groups: [] });
});

test('ListGroups v2 response (kafkajs)', async () => {
  await checkKafkajsResponse(
    ListGroupsResponse,
    DIR,
    'listGroups',
    2,
    { throttleTimeMs: 9, errorCode: 0, groups },
    { throttleTime: 0, clientSideThrottleTime: 9, errorCode: 0, groups: kafkajsGroups },
  );
});
