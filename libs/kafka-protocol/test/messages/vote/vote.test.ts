import { test } from 'node:test';
import { VoteRequest, VoteResponse } from '../../../src';
import { checkFixture, uuidHex, versionsOf } from '../fixture-kit';

const T = '__cluster_metadata';

for (const v of versionsOf(VoteRequest)) {
  test(`Vote v${v} request and response (hand-written from Kafka's JSON)`, () => {
    checkFixture(VoteRequest, 'vote', v, 'request', {
      clusterId: 'kraft-lab',
      voterId: 3,
      topics: [{ topicName: T, partitions: [{ partitionIndex: 0, candidateEpoch: 5, candidateId: 2, candidateDirectoryId: uuidHex('aa'.repeat(16)), voterDirectoryId: uuidHex('bb'.repeat(16)), lastOffsetEpoch: 4, lastOffset: 1234, preVote: true }] }],
    });
    checkFixture(VoteResponse, 'vote', v, 'response', {
      errorCode: 0,
      topics: [{ topicName: T, partitions: [{ partitionIndex: 0, errorCode: 74, leaderId: 1, leaderEpoch: 6, voteGranted: false }] }],
      nodeEndpoints: [{ nodeId: 2, host: 'localhost', port: 9093 }],
    });
  });
}
