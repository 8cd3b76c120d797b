import { test } from 'node:test';
import { ElectLeadersRequest, ElectLeadersResponse } from '../../../src';
import { checkFixture, versionsOf } from '../fixture-kit';

for (const v of versionsOf(ElectLeadersRequest)) {
  test(`ElectLeaders v${v} request and response (hand-written; v1 election type and top-level error, v2 flexible)`, () => {
    checkFixture(ElectLeadersRequest, 'elect-leaders', v, 'request', { electionType: 0, topicPartitions: [{ topic: 'orders', partitions: [0, 2] }], timeoutMs: 30000 });
    checkFixture(ElectLeadersResponse, 'elect-leaders', v, 'response', {
      throttleTimeMs: 0,
      errorCode: 0,
      replicaElectionResults: [{ topic: 'orders', partitionResult: [{ partitionId: 0, errorCode: 0, errorMessage: null }, { partitionId: 2, errorCode: 84, errorMessage: 'leader is preferred' }] }],
    });
  });
}
