import { test } from 'node:test';
import { OffsetFetchRequest, OffsetFetchResponse } from '../../../src';
import { checkHandWritten, checkKafkajsRequest, checkKafkajsResponse } from '../group-kit';

const DIR = 'offset-fetch';

const kafkajsTopics = [
  { topic: 'orders', partitions: [{ partition: 0 }, { partition: 1 }] },
  { topic: 'invoices', partitions: [{ partition: 0 }] },
];
const topics = [
  { name: 'orders', partitionIndexes: [0, 1] },
  { name: 'invoices', partitionIndexes: [0] },
];
const rest = { groups: [], requireStable: false };

for (const version of [1, 2]) {
  test(`OffsetFetch v${version} request (kafkajs)`, async () => {
    await checkKafkajsRequest(OffsetFetchRequest, DIR, 'offsetFetch', version, { groupId: 'billing-group', topics: kafkajsTopics }, {
      groupId: 'billing-group',
      topics,
      ...rest,
    });
  });
}

test('OffsetFetch v3 request (kafkajs): no topics = null array = every committed partition', async () => {
  await checkKafkajsRequest(OffsetFetchRequest, DIR, 'offsetFetch', 3, { groupId: 'billing-group', topics: [] }, {
    groupId: 'billing-group',
    topics: null,
    ...rest,
  });
});

test('OffsetFetch v4 request (kafkajs)', async () => {
  await checkKafkajsRequest(OffsetFetchRequest, DIR, 'offsetFetch', 4, { groupId: 'analytics-group', topics: kafkajsTopics }, {
    groupId: 'analytics-group',
    topics,
    ...rest,
  });
});

test('OffsetFetch v5 request (hand-written)', () => {
  checkHandWritten(OffsetFetchRequest, DIR, 5, 'request', {
    groupId: 'billing-group',
    topics: [{ name: 'orders', partitionIndexes: [0, 1] }],
    ...rest,
  });
});

/** Partition 0 has a commit; partition 1 has none: offset -1, metadata "", error 0 (as Kafka answers). */
const responseTopics = [
  {
    name: 'orders',
    partitions: [
      { partitionIndex: 0, committedOffset: 42, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
      { partitionIndex: 1, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
    ],
  },
  { name: 'invoices', partitions: [{ partitionIndex: 0, committedOffset: 1000000000000, committedLeaderEpoch: -1, metadata: 'm', errorCode: 0 }] },
];
const kafkajsResponses = [
  {
    topic: 'orders',
    partitions: [
      { partition: 0, offset: '42', metadata: '', errorCode: 0 },
      { partition: 1, offset: '-1', metadata: '', errorCode: 0 },
    ],
  },
  { topic: 'invoices', partitions: [{ partition: 0, offset: '1000000000000', metadata: 'm', errorCode: 0 }] },
];

test('OffsetFetch v1 response (kafkajs)', async () => {
  await checkKafkajsResponse(OffsetFetchResponse, DIR, 'offsetFetch', 1, { throttleTimeMs: 0, topics: responseTopics, errorCode: 0, groups: [] }, { responses: kafkajsResponses });
});

test('OffsetFetch v2 response (kafkajs): top-level error', async () => {
  await checkKafkajsResponse(
    OffsetFetchResponse,
    DIR,
    'offsetFetch',
    2,
    { throttleTimeMs: 0, topics: [], errorCode: 16, groups: [] },
    { responses: [], errorCode: 16 },
    'rejects',
  );
});

test('OffsetFetch v3 response (kafkajs)', async () => {
  await checkKafkajsResponse(
    OffsetFetchResponse,
    DIR,
    'offsetFetch',
    3,
    { throttleTimeMs: 11, topics: responseTopics, errorCode: 0, groups: [] },
    { throttleTime: 11, responses: kafkajsResponses, errorCode: 0 },
  );
});

test('OffsetFetch v4 response (kafkajs)', async () => {
  await checkKafkajsResponse(
    OffsetFetchResponse,
    DIR,
    'offsetFetch',
    4,
    { throttleTimeMs: 11, topics: responseTopics, errorCode: 0, groups: [] },
    { throttleTime: 0, clientSideThrottleTime: 11, responses: kafkajsResponses, errorCode: 0 },
  );
});

test('OffsetFetch v5 response (hand-written): committed leader epoch', () => {
  checkHandWritten(OffsetFetchResponse, DIR, 5, 'response', {
    throttleTimeMs: 0,
    topics: [
      {
        name: 'orders',
        partitions: [
          { partitionIndex: 0, committedOffset: 42, committedLeaderEpoch: 5, metadata: '', errorCode: 0 },
          { partitionIndex: 1, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
        ],
      },
    ],
    errorCode: 0,
    groups: [],
  });
});
