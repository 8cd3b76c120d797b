import { test } from 'node:test';
import { AlterPartitionRequest, AlterPartitionResponse } from '../../../src';
import { checkFixture, uuidHex, versionsOf } from '../fixture-kit';

const TOPIC_ID = uuidHex('7d4c6a52b8e94f0e9a3b1c2d3e4f5061');

for (const v of versionsOf(AlterPartitionRequest)) {
  test(`AlterPartition v${v} request and response (hand-written; v2 topic ids, v3 ISR with broker epochs)`, () => {
    checkFixture(AlterPartitionRequest, 'alter-partition', v, 'request', {
      brokerId: 1,
      brokerEpoch: 120,
      topics: [
        {
          topicName: 'orders',
          topicId: TOPIC_ID,
          partitions: [{ partitionIndex: 1, leaderEpoch: 3, newIsr: [1, 2], newIsrWithEpochs: [{ brokerId: 1, brokerEpoch: 120 }, { brokerId: 2, brokerEpoch: 125 }], leaderRecoveryState: 0, partitionEpoch: 7 }],
        },
      ],
    });
    checkFixture(AlterPartitionResponse, 'alter-partition', v, 'response', {
      throttleTimeMs: 0,
      errorCode: 0,
      topics: [{ topicName: 'orders', topicId: TOPIC_ID, partitions: [{ partitionIndex: 1, errorCode: 0, leaderId: 1, leaderEpoch: 3, isr: [1, 2], leaderRecoveryState: 0, partitionEpoch: 8 }] }],
    });
  });
}
