import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OffsetCommitRequest, OffsetCommitResponse, encodeMessage } from '../../../src';
import { checkHandWritten, checkKafkajsRequest, checkKafkajsResponse, kafkajsRequest } from '../group-kit';

const DIR = 'offset-commit';

/** kafkajs commits offsets as strings (resolved offset + 1) and metadata null by default. */
const kafkajsTopics = [
  { topic: 'orders', partitions: [{ partition: 0, offset: '42' }, { partition: 1, offset: '7', metadata: 'm' }] },
  { topic: 'invoices', partitions: [{ partition: 0, offset: '1000000000000' }] },
];
const partitionDefaults = { committedLeaderEpoch: -1, commitTimestamp: -1 };
const topics = [
  {
    name: 'orders',
    partitions: [
      { ...partitionDefaults, partitionIndex: 0, committedOffset: 42, committedMetadata: null },
      { ...partitionDefaults, partitionIndex: 1, committedOffset: 7, committedMetadata: 'm' },
    ],
  },
  { name: 'invoices', partitions: [{ ...partitionDefaults, partitionIndex: 0, committedOffset: 1000000000000, committedMetadata: null }] },
];
const header = { groupId: 'billing-group', generationIdOrMemberEpoch: 3, memberId: 'billing-svc-7d1c', groupInstanceId: null };

test('OffsetCommit v2 request (kafkajs): retention -1 = broker default', async () => {
  await checkKafkajsRequest(
    OffsetCommitRequest,
    DIR,
    'offsetCommit',
    2,
    { groupId: 'billing-group', groupGenerationId: 3, memberId: 'billing-svc-7d1c', retentionTime: -1, topics: kafkajsTopics },
    { ...header, retentionTimeMs: -1, topics },
  );
});

for (const version of [3, 4]) {
  test(`OffsetCommit v${version} request (kafkajs): explicit retention time`, async () => {
    await checkKafkajsRequest(
      OffsetCommitRequest,
      DIR,
      'offsetCommit',
      version,
      { groupId: 'billing-group', groupGenerationId: 3, memberId: 'billing-svc-7d1c', retentionTime: 86400000, topics: kafkajsTopics },
      { ...header, retentionTimeMs: 86400000, topics },
    );
  });
}

test('OffsetCommit v5 request (kafkajs): no retention time on the wire', async () => {
  await checkKafkajsRequest(
    OffsetCommitRequest,
    DIR,
    'offsetCommit',
    5,
    { groupId: 'billing-group', groupGenerationId: 3, memberId: 'billing-svc-7d1c', topics: kafkajsTopics },
    { ...header, retentionTimeMs: -1, topics },
  );
});

test('OffsetCommit v5 request (kafkajs): standalone commit (generation -1, empty member)', async () => {
  // Not a fixture: only a byte comparison with kafkajs (what kafkajs admin.setOffsets-style tools send).
  const args = { groupId: 'tool-group', groupGenerationId: -1, memberId: '', topics: [{ topic: 'orders', partitions: [{ partition: 0, offset: '0' }] }] };
  const theirs = Buffer.from((await kafkajsRequest('offsetCommit', 5)(args).encode()).buffer);
  const ours = encodeMessage(OffsetCommitRequest, 5, {
    groupId: 'tool-group',
    generationIdOrMemberEpoch: -1,
    memberId: '',
    topics: [{ name: 'orders', partitions: [{ ...partitionDefaults, partitionIndex: 0, committedOffset: 0, committedMetadata: null }] }],
  }).toBuffer();
  assert.deepEqual(ours, theirs);
});

test('OffsetCommit v6 request (hand-written): committed leader epoch', () => {
  checkHandWritten(OffsetCommitRequest, DIR, 6, 'request', {
    ...header,
    retentionTimeMs: -1,
    topics: [
      {
        name: 'orders',
        partitions: [
          { ...partitionDefaults, partitionIndex: 0, committedOffset: 42, committedLeaderEpoch: 5, committedMetadata: null },
          { ...partitionDefaults, partitionIndex: 1, committedOffset: 7, committedLeaderEpoch: -1, committedMetadata: '' },
        ],
      },
    ],
  });
});

test('OffsetCommit v7 request (hand-written): group instance id, 64-bit offset', () => {
  checkHandWritten(OffsetCommitRequest, DIR, 7, 'request', {
    ...header,
    generationIdOrMemberEpoch: 4,
    groupInstanceId: 'billing-0',
    retentionTimeMs: -1,
    topics: [
      {
        name: 'orders',
        partitions: [{ ...partitionDefaults, partitionIndex: 2, committedOffset: 2 ** 32 + 1, committedLeaderEpoch: 12, committedMetadata: 'm' }],
      },
    ],
  });
});

const responseTopics = [
  { name: 'orders', partitions: [{ partitionIndex: 0, errorCode: 0 }, { partitionIndex: 1, errorCode: 0 }] },
  { name: 'invoices', partitions: [{ partitionIndex: 0, errorCode: 0 }] },
];
const kafkajsResponses = [
  { topic: 'orders', partitions: [{ partition: 0, errorCode: 0 }, { partition: 1, errorCode: 0 }] },
  { topic: 'invoices', partitions: [{ partition: 0, errorCode: 0 }] },
];

test('OffsetCommit v2 response (kafkajs): per-partition error', async () => {
  await checkKafkajsResponse(
    OffsetCommitResponse,
    DIR,
    'offsetCommit',
    2,
    { throttleTimeMs: 0, topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, errorCode: 22 }] }] },
    { responses: [{ topic: 'orders', partitions: [{ partition: 0, errorCode: 22 }] }] },
    'rejects',
  );
});

test('OffsetCommit v3 response (kafkajs)', async () => {
  await checkKafkajsResponse(OffsetCommitResponse, DIR, 'offsetCommit', 3, { throttleTimeMs: 8, topics: responseTopics }, { throttleTime: 8, responses: kafkajsResponses });
});

for (const version of [4, 5]) {
  test(`OffsetCommit v${version} response (kafkajs)`, async () => {
    await checkKafkajsResponse(
      OffsetCommitResponse,
      DIR,
      'offsetCommit',
      version,
      { throttleTimeMs: 8, topics: responseTopics },
      { throttleTime: 0, clientSideThrottleTime: 8, responses: kafkajsResponses },
    );
  });
}

test('OffsetCommit v6 response (hand-written)', () => {
  checkHandWritten(OffsetCommitResponse, DIR, 6, 'response', {
    throttleTimeMs: 0,
    topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, errorCode: 0 }, { partitionIndex: 1, errorCode: 0 }] }],
  });
});

test('OffsetCommit v7 response (hand-written): ILLEGAL_GENERATION', () => {
  checkHandWritten(OffsetCommitResponse, DIR, 7, 'response', {
    throttleTimeMs: 10,
    topics: [{ name: 'orders', partitions: [{ partitionIndex: 2, errorCode: 22 }] }],
  });
});
