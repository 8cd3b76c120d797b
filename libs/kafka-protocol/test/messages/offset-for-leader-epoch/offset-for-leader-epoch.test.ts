import { test } from 'node:test';
import { OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse } from '../../../src';
import { checkFixture, versionsOf } from '../fixture-kit';

for (const v of versionsOf(OffsetForLeaderEpochRequest)) {
  test(`OffsetForLeaderEpoch v${v} request and response (hand-written; v2 current leader epoch, v3 replica id, v4 flexible)`, () => {
    checkFixture(OffsetForLeaderEpochRequest, 'offset-for-leader-epoch', v, 'request', { replicaId: 2, topics: [{ topic: 'orders', partitions: [{ partition: 3, currentLeaderEpoch: 5, leaderEpoch: 3 }] }] });
    checkFixture(OffsetForLeaderEpochResponse, 'offset-for-leader-epoch', v, 'response', { throttleTimeMs: 0, topics: [{ topic: 'orders', partitions: [{ errorCode: 0, partition: 3, leaderEpoch: 3, endOffset: 1200 }] }] });
  });
}
