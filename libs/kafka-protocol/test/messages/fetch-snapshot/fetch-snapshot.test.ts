import { test } from 'node:test';
import { FetchSnapshotRequest, FetchSnapshotResponse } from '../../../src';
import { checkFixture, uuidHex, versionsOf } from '../fixture-kit';

const T = '__cluster_metadata';

for (const v of versionsOf(FetchSnapshotRequest)) {
  test(`FetchSnapshot v${v} request and response (hand-written; tagged cluster id, current leader, directory id)`, () => {
    checkFixture(FetchSnapshotRequest, 'fetch-snapshot', v, 'request', {
      clusterId: 'kraft-lab',
      replicaId: 2,
      maxBytes: 1048576,
      topics: [{ name: T, partitions: [{ partition: 0, currentLeaderEpoch: 7, snapshotId: { endOffset: 4000, epoch: 6 }, position: 65536, replicaDirectoryId: uuidHex('bb'.repeat(16)) }] }],
    });
    checkFixture(FetchSnapshotResponse, 'fetch-snapshot', v, 'response', {
      throttleTimeMs: 0,
      errorCode: 0,
      topics: [{ name: T, partitions: [{ index: 0, errorCode: 0, snapshotId: { endOffset: 4000, epoch: 6 }, currentLeader: { leaderId: 1, leaderEpoch: 7 }, size: 70000, position: 65536, unalignedRecords: Buffer.from('0102030405', 'hex') }] }],
      nodeEndpoints: [{ nodeId: 1, host: 'localhost', port: 9093 }],
    });
  });
}
