import { test } from 'node:test';
import { FetchRequest, FetchResponse, type MessageInput } from '../../../src';
import { checkFixture, uuidHex } from '../fixture-kit';

/** Fetch's flexible versions, hand-written from FetchRequest/FetchResponse.json; v4-11 are checked against kafkajs (core/produce-fetch.test.ts). */
const T = '__cluster_metadata';
const TOPIC_ID = uuidHex('7d4c6a52b8e94f0e9a3b1c2d3e4f5061');
/** v12, v15 and v17 fixtures are follower (replica) fetches, the others consumer fetches. */
const FOLLOWER_VERSIONS = [12, 15, 17];

function fetchRequestFixtureValue(v: number): MessageInput<typeof FetchRequest> {
  const follower = FOLLOWER_VERSIONS.includes(v);
  return {
    clusterId: v === 12 ? 'kraft-lab' : null,
    replicaId: follower ? 2 : -1,
    replicaState: follower ? { replicaId: 2, replicaEpoch: 120 } : { replicaId: -1, replicaEpoch: -1 },
    maxWaitMs: 500,
    minBytes: 1,
    maxBytes: follower ? 1048576 : 52428800,
    isolationLevel: follower ? 0 : 1,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [
      {
        topic: T,
        topicId: TOPIC_ID,
        partitions: [
          {
            partition: 0,
            currentLeaderEpoch: follower ? 7 : -1,
            fetchOffset: follower ? 4242 : 100,
            lastFetchedEpoch: follower ? 6 : -1,
            logStartOffset: -1,
            partitionMaxBytes: 1048576,
            replicaDirectoryId: v === 17 ? uuidHex('dd'.repeat(16)) : Buffer.alloc(16),
          },
        ],
      },
    ],
    forgottenTopicsData: [],
    rackId: '',
  };
}

function fetchResponseFixtureValue(v: number): MessageInput<typeof FetchResponse> {
  const tags = v === 12;
  return {
    throttleTimeMs: 0,
    errorCode: 0,
    sessionId: 0,
    responses: [
      {
        topic: T,
        topicId: TOPIC_ID,
        partitions: [
          {
            partitionIndex: 0,
            errorCode: 0,
            highWatermark: 4242,
            lastStableOffset: 4242,
            logStartOffset: 0,
            divergingEpoch: tags ? { epoch: 5, endOffset: 4000 } : { epoch: -1, endOffset: -1 },
            currentLeader: tags ? { leaderId: 1, leaderEpoch: 7 } : { leaderId: -1, leaderEpoch: -1 },
            snapshotId: tags ? { endOffset: 3000, epoch: 4 } : { endOffset: -1, epoch: -1 },
            abortedTransactions: [{ producerId: 7, firstOffset: 4100 }],
            preferredReadReplica: -1,
            records: v === 12 || v === 16 ? null : Buffer.alloc(0),
          },
        ],
      },
    ],
    nodeEndpoints: v === 16 ? [{ nodeId: 2, host: 'localhost', port: 9095, rack: null }] : [],
  };
}

for (let v = 12; v <= 17; v++) {
  test(`Fetch v${v} request and response (hand-written; tagged fields: ${v === 12 ? 'clusterId, divergingEpoch, currentLeader, snapshotId' : v === 15 ? 'replicaState' : v === 16 ? 'nodeEndpoints' : v === 17 ? 'replicaState, replicaDirectoryId' : 'none'})`, () => {
    checkFixture(FetchRequest, 'fetch', v, 'request', fetchRequestFixtureValue(v));
    checkFixture(FetchResponse, 'fetch', v, 'response', fetchResponseFixtureValue(v));
  });
}
