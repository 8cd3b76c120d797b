import { test } from 'node:test';
import { EndQuorumEpochRequest, EndQuorumEpochResponse } from '../../../src';
import { checkFixture, uuidHex, versionsOf } from '../fixture-kit';

const T = '__cluster_metadata';

for (const v of versionsOf(EndQuorumEpochRequest)) {
  test(`EndQuorumEpoch v${v} request and response (hand-written; v0 successors by id, v1 candidates by voter key)`, () => {
    checkFixture(EndQuorumEpochRequest, 'end-quorum-epoch', v, 'request', {
      clusterId: 'kraft-lab',
      topics: [{ topicName: T, partitions: [{ partitionIndex: 0, leaderId: 1, leaderEpoch: 6, preferredSuccessors: [2, 3], preferredCandidates: [{ candidateId: 2, candidateDirectoryId: uuidHex('cc'.repeat(16)) }] }] }],
      leaderEndpoints: [{ name: 'CONTROLLER', host: 'localhost', port: 9093 }],
    });
    checkFixture(EndQuorumEpochResponse, 'end-quorum-epoch', v, 'response', {
      errorCode: 0,
      topics: [{ topicName: T, partitions: [{ partitionIndex: 0, errorCode: 74, leaderId: 1, leaderEpoch: 6 }] }],
      nodeEndpoints: [{ nodeId: 1, host: 'localhost', port: 9093 }],
    });
  });
}
