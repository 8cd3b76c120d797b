import { test } from 'node:test';
import { BeginQuorumEpochRequest, BeginQuorumEpochResponse } from '../../../src';
import { checkFixture, uuidHex, versionsOf } from '../fixture-kit';

const T = '__cluster_metadata';

for (const v of versionsOf(BeginQuorumEpochRequest)) {
  test(`BeginQuorumEpoch v${v} request and response (hand-written; v0 is not flexible)`, () => {
    checkFixture(BeginQuorumEpochRequest, 'begin-quorum-epoch', v, 'request', {
      clusterId: 'kraft-lab',
      voterId: 2,
      topics: [{ topicName: T, partitions: [{ partitionIndex: 0, voterDirectoryId: uuidHex('bb'.repeat(16)), leaderId: 1, leaderEpoch: 6 }] }],
      leaderEndpoints: [{ name: 'CONTROLLER', host: 'localhost', port: 9093 }],
    });
    checkFixture(BeginQuorumEpochResponse, 'begin-quorum-epoch', v, 'response', {
      errorCode: 0,
      topics: [{ topicName: T, partitions: [{ partitionIndex: 0, errorCode: 74, leaderId: 1, leaderEpoch: 6 }] }],
      nodeEndpoints: [{ nodeId: 1, host: 'localhost', port: 9093 }],
    });
  });
}
