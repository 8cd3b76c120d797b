import { test } from 'node:test';
import { DeleteGroupsRequest, DeleteGroupsResponse } from '../../../src';
import { checkKafkajsRequest, checkKafkajsResponse, kafkajsModule } from '../group-kit';

const DIR = 'delete-groups';

const { createErrorFromCode } = kafkajsModule<{ createErrorFromCode(code: number): Error }>('protocol/error');

for (const version of [0, 1]) {
  test(`DeleteGroups v${version} request (kafkajs)`, async () => {
    await checkKafkajsRequest(DeleteGroupsRequest, DIR, 'deleteGroups', version, ['billing-group', 'old-group'], {
      groupsNames: ['billing-group', 'old-group'],
    });
  });
}

const results = [
  { groupId: 'billing-group', errorCode: 68 },
  { groupId: 'old-group', errorCode: 0 },
];
/** kafkajs attaches the error object to each failed result instead of throwing. */
const kafkajsResults = [
  { groupId: 'billing-group', errorCode: 68, error: createErrorFromCode(68) },
  { groupId: 'old-group', errorCode: 0 },
];

test('DeleteGroups v0 response (kafkajs): NON_EMPTY_GROUP for one group', async () => {
  await checkKafkajsResponse(DeleteGroupsResponse, DIR, 'deleteGroups', 0, { throttleTimeMs: 0, results }, { throttleTimeMs: 0, results: kafkajsResults });
});

test('DeleteGroups v1 response (kafkajs)', async () => {
  // kafkajs v1 reads `throttleTime` from the v0 result, which names it throttleTimeMs: clientSideThrottleTime is undefined.
  await checkKafkajsResponse(
    DeleteGroupsResponse,
    DIR,
    'deleteGroups',
    1,
    { throttleTimeMs: 6, results },
    { throttleTimeMs: 6, results: kafkajsResults, throttleTime: 0, clientSideThrottleTime: undefined },
  );
});
