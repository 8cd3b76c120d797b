import assert from 'node:assert/strict';
import { test } from 'node:test';
import { replicationReport, statusReport } from '../../src/metadata-quorum/quorum-report';
import type { QuorumPartition } from '../../src/metadata-quorum/describe-quorum';

const dir = Buffer.alloc(16);
const replica = (replicaId: number, logEndOffset: number, lastCaughtUpTimestamp: number) => ({ replicaId, replicaDirectoryId: dir, logEndOffset, lastFetchTimestamp: lastCaughtUpTimestamp + 5, lastCaughtUpTimestamp });
const partition: QuorumPartition = {
  partitionIndex: 0,
  errorCode: 0,
  errorMessage: null,
  leaderId: 2,
  leaderEpoch: 7,
  highWatermark: 40,
  currentVoters: [replica(1, 38, 1000), replica(2, 42, 1300), replica(3, 42, 1290)],
  observers: [replica(101, 40, 1200)],
};

test('--status prints what kafka-metadata-quorum prints: lag and lag time of the furthest follower', () => {
  assert.equal(
    statusReport(partition),
    [
      'LeaderId:               2',
      'LeaderEpoch:            7',
      'HighWatermark:          40',
      'MaxFollowerLag:         4',
      'MaxFollowerLagTimeMs:   300',
      'CurrentVoters:          [1,2,3]',
      'CurrentObservers:       [101]',
    ].join('\n'),
  );
});

test('--replication lists the leader first, then followers, then observers, with lag against the leader', () => {
  const lines = replicationReport(partition).split('\n');
  assert.match(lines[0]!, /^NodeId\s+LogEndOffset\s+Lag\s+LastFetchTimestamp\s+LastCaughtUpTimestamp\s+Status$/);
  assert.deepEqual(lines.slice(1).map((l) => l.split(/\s+/).filter(Boolean)), [
    ['2', '42', '0', '1305', '1300', 'Leader'],
    ['1', '38', '4', '1005', '1000', 'Follower'],
    ['3', '42', '0', '1295', '1290', 'Follower'],
    ['101', '40', '2', '1205', '1200', 'Observer'],
  ]);
});
