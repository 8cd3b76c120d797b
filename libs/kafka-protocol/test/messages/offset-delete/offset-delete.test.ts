import { test } from 'node:test';
import { OffsetDeleteRequest, OffsetDeleteResponse } from '../../../src';
import { checkHandWritten } from '../group-kit';

const DIR = 'offset-delete';

test('OffsetDelete v0 request (hand-written): one topic, two partitions', () => {
  checkHandWritten(OffsetDeleteRequest, DIR, 0, 'request', { groupId: 'billing-group', topics: [{ name: 'orders', partitions: [{ partitionIndex: 0 }, { partitionIndex: 5 }] }] });
});

test('OffsetDelete v0 response (hand-written): error code before throttle time, per-partition errors', () => {
  checkHandWritten(OffsetDeleteResponse, DIR, 0, 'response', {
    errorCode: 0,
    throttleTimeMs: 3,
    topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, errorCode: 0 }, { partitionIndex: 5, errorCode: 86 }] }],
  });
});
