import { test } from 'node:test';
import { DescribeQuorumRequest, DescribeQuorumResponse, type MessageInput } from '../../../src';
import { checkFixture, uuidHex, versionsOf } from '../fixture-kit';

const T = '__cluster_metadata';

const describeQuorumAnswer: MessageInput<typeof DescribeQuorumResponse> = {
  errorCode: 0,
  errorMessage: null,
  topics: [
    {
      topicName: T,
      partitions: [
        {
          partitionIndex: 0,
          errorCode: 0,
          errorMessage: null,
          leaderId: 1,
          leaderEpoch: 7,
          highWatermark: 4242,
          currentVoters: [
            { replicaId: 1, replicaDirectoryId: uuidHex('aa'.repeat(16)), logEndOffset: 4250, lastFetchTimestamp: -1, lastCaughtUpTimestamp: 1700000000500 },
            { replicaId: 2, replicaDirectoryId: uuidHex('bb'.repeat(16)), logEndOffset: 4242, lastFetchTimestamp: 1700000000400, lastCaughtUpTimestamp: 1700000000400 },
          ],
          observers: [{ replicaId: 101, replicaDirectoryId: Buffer.alloc(16), logEndOffset: 4200, lastFetchTimestamp: 1700000000300, lastCaughtUpTimestamp: 1700000000100 }],
        },
      ],
    },
  ],
  nodes: [{ nodeId: 1, listeners: [{ name: 'CONTROLLER', host: 'localhost', port: 9093 }] }],
};

for (const v of versionsOf(DescribeQuorumRequest)) {
  test(`DescribeQuorum v${v} request and response (hand-written; v1 adds timestamps, v2 nodes and directory ids)`, () => {
    checkFixture(DescribeQuorumRequest, 'describe-quorum', v, 'request', { topics: [{ topicName: T, partitions: [{ partitionIndex: 0 }] }] });
    checkFixture(DescribeQuorumResponse, 'describe-quorum', v, 'response', describeQuorumAnswer);
  });
}
