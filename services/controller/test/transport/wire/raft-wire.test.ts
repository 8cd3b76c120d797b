import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BeginQuorumEpochRequest,
  BeginQuorumEpochResponse,
  EndQuorumEpochRequest,
  ErrorCode,
  FetchRequest,
  FetchResponse,
  FetchSnapshotRequest,
  FetchSnapshotResponse,
  VoteRequest,
  VoteResponse,
} from '@orderlab/kafka-protocol';
import type { FetchRequest as RaftFetch, VoteRequest as RaftVote } from '@orderlab/raft';
import { beginQuorumEpochFromWire, beginQuorumEpochRequestToWire, beginQuorumEpochResponseFromWire, beginQuorumEpochToWire, endQuorumEpochFromWire, endQuorumEpochRequestToWire } from '../../../src/transport/wire/quorum-epoch-wire';
import { fetchFromWire, fetchRequestToWire, fetchResponseFromWire, fetchToWire } from '../../../src/transport/wire/fetch-wire';
import { fetchSnapshotFromWire, fetchSnapshotRequestToWire, fetchSnapshotResponseFromWire, fetchSnapshotToWire } from '../../../src/transport/wire/fetch-snapshot-wire';
import { voteFromWire, voteRequestToWire, voteResponseFromWire, voteToWire } from '../../../src/transport/wire/vote-wire';
import { METADATA_TOPIC_ID } from '../../../src/transport/wire/wire-context';
import { dataBatch, leaderChange } from '../../storage/storage-kit';
import { viaWire, wireContext } from './wire-kit';

const vote: RaftVote = { type: 'VoteRequest', from: 2, to: 1, requestId: 7, candidateEpoch: 5, candidateId: 2, lastOffsetEpoch: 4, lastOffset: 99, preVote: true };

test('Vote: every raft field survives the wire (v2 carries preVote) and the answer maps back to the request', () => {
  const sender = wireContext(2);
  const receiver = wireContext(1);
  const onWire = viaWire(VoteRequest, 2, voteRequestToWire(vote, sender));
  const inbound = voteFromWire(onWire, 2, receiver, 42);
  assert.ok(inbound.ok);
  assert.deepEqual(inbound.message, { ...vote, requestId: 42 });
  const v0 = voteFromWire(viaWire(VoteRequest, 0, voteRequestToWire(vote, sender)), 0, receiver, 1);
  assert.ok(v0.ok && v0.message.preVote === false, 'v0 has no PreVote field: a v0 vote is a real vote');
  const answer = viaWire(VoteResponse, 2, voteToWire({ errorCode: 0, leaderId: -1, leaderEpoch: 5, voteGranted: true }, receiver));
  assert.deepEqual(voteResponseFromWire(answer, vote), { type: 'VoteResponse', from: 1, to: 2, requestId: 7, errorCode: 0, leaderId: -1, leaderEpoch: 5, voteGranted: true });
});

test('Raft RPCs of another cluster are refused with INCONSISTENT_CLUSTER_ID (and reported); a missing cluster id is accepted', () => {
  const foreign: string[] = [];
  const receiver = wireContext(1, foreign);
  const wrong = voteFromWire({ ...viaWire(VoteRequest, 2, voteRequestToWire(vote, wireContext(2))), clusterId: 'other' }, 2, receiver, 1);
  assert.deepEqual(wrong, { ok: false, errorCode: ErrorCode.INCONSISTENT_CLUSTER_ID, partitionLevel: false });
  assert.deepEqual(foreign, ['other']);
  assert.ok(voteFromWire({ ...viaWire(VoteRequest, 2, voteRequestToWire(vote, wireContext(2))), clusterId: null }, 2, receiver, 1).ok);
});

test('a Raft RPC for another partition is INVALID_REQUEST; a v1 Vote addressed to another voter is INVALID_VOTER_KEY', () => {
  const req = viaWire(VoteRequest, 2, voteRequestToWire(vote, wireContext(2)));
  const otherTopic = { ...req, topics: [{ ...req.topics[0]!, topicName: 'orders' }] };
  assert.deepEqual(voteFromWire(otherTopic, 2, wireContext(1), 1), { ok: false, errorCode: ErrorCode.INVALID_REQUEST, partitionLevel: false });
  assert.deepEqual(voteFromWire(req, 2, wireContext(3), 1), { ok: false, errorCode: ErrorCode.INVALID_VOTER_KEY, partitionLevel: true });
});

test('BeginQuorumEpoch and EndQuorumEpoch carry leader, epoch and preferred successors in both versions', () => {
  const begin = { type: 'BeginQuorumEpochRequest' as const, from: 3, to: 1, requestId: 9, leaderId: 3, leaderEpoch: 8 };
  for (const v of [0, 1]) {
    const r = beginQuorumEpochFromWire(viaWire(BeginQuorumEpochRequest, v, beginQuorumEpochRequestToWire(begin, wireContext(3))), v, wireContext(1), 9);
    assert.deepEqual(r, { ok: true, message: begin });
  }
  const answer = viaWire(BeginQuorumEpochResponse, 1, beginQuorumEpochToWire({ errorCode: 0, leaderId: 3, leaderEpoch: 8 }, wireContext(1)));
  assert.deepEqual(beginQuorumEpochResponseFromWire(answer, begin), { type: 'BeginQuorumEpochResponse', from: 1, to: 3, requestId: 9, errorCode: 0, leaderId: 3, leaderEpoch: 8 });
  assert.deepEqual(answer.nodeEndpoints, [{ nodeId: 3, host: 'localhost', port: 9095 }]);
  const end = { type: 'EndQuorumEpochRequest' as const, from: 3, to: 1, requestId: 4, leaderId: 3, leaderEpoch: 8, preferredSuccessors: [2, 1] };
  for (const v of [0, 1]) {
    const r = endQuorumEpochFromWire(viaWire(EndQuorumEpochRequest, v, endQuorumEpochRequestToWire(end, wireContext(3))), v, wireContext(1), 4);
    assert.deepEqual(r, { ok: true, message: end });
  }
});

const fetch: RaftFetch = { type: 'FetchRequest', from: 2, to: 1, requestId: 11, replicaId: 2, currentLeaderEpoch: 3, fetchOffset: 17, lastFetchedEpoch: 2, logStartOffset: 0, maxWaitTicks: 20, maxBytes: 65536 };

test('Fetch: by topic name (v12) and by the metadata topic id (v13+), replicaId moving into ReplicaState at v15', () => {
  for (const v of [12, 13, 14, 15, 16, 17]) {
    const onWire = viaWire(FetchRequest, v, fetchRequestToWire(fetch, v, wireContext(2), 10));
    if (v >= 13) assert.deepEqual(onWire.topics[0]!.topicId, METADATA_TOPIC_ID);
    const r = fetchFromWire(onWire, v, wireContext(1), 11, 10);
    assert.deepEqual(r, { ok: true, message: fetch }, `v${v}`);
  }
});

test('Fetch: an observer\'s "no epoch yet" (-1) reads as epoch 0; maxWaitMs becomes ticks', () => {
  const onWire = viaWire(FetchRequest, 13, fetchRequestToWire({ ...fetch, replicaId: 101, from: 101, fetchOffset: 0, lastFetchedEpoch: 0 }, 13, wireContext(2), 10));
  const observer = { ...onWire, maxWaitMs: 500, topics: [{ ...onWire.topics[0]!, partitions: [{ ...onWire.topics[0]!.partitions[0]!, lastFetchedEpoch: -1 }] }] };
  const r = fetchFromWire(observer, 13, wireContext(1), 1, 10);
  assert.ok(r.ok);
  assert.deepEqual([r.message.from, r.message.replicaId, r.message.lastFetchedEpoch, r.message.maxWaitTicks], [101, 101, 0, 50]);
});

test('Fetch response: records are Kafka record batches; divergingEpoch, snapshotId and currentLeader round-trip', () => {
  const batches = [leaderChange(17, 3, 1), dataBatch(18, 3, ['r1', 'r2'])];
  for (const v of [12, 13, 16]) {
    const resp = { type: 'FetchResponse' as const, from: 1, to: 2, requestId: 11, errorCode: 0, highWatermark: 18, logStartOffset: 5, currentLeader: { leaderId: 1, leaderEpoch: 3 }, records: batches };
    const back = fetchResponseFromWire(viaWire(FetchResponse, v, fetchToWire(resp, v, wireContext(1))), fetch, wireContext(2));
    assert.ok(back);
    assert.deepEqual({ ...back, records: back.records.map((b) => [b.baseOffset, b.epoch, b.control, b.records.length]) }, { ...resp, records: [[17, 3, true, 1], [18, 3, false, 2]] });
    const diverged = { ...resp, records: [], divergingEpoch: { epoch: 2, endOffset: 15 } };
    assert.deepEqual(fetchResponseFromWire(viaWire(FetchResponse, v, fetchToWire(diverged, v, wireContext(1))), fetch, wireContext(2))?.divergingEpoch, { epoch: 2, endOffset: 15 });
    const behind = { ...resp, records: [], snapshotId: { endOffset: 5, epoch: 1 } };
    const b2 = fetchResponseFromWire(viaWire(FetchResponse, v, fetchToWire(behind, v, wireContext(1))), fetch, wireContext(2));
    assert.deepEqual([b2?.snapshotId, b2?.divergingEpoch], [{ endOffset: 5, epoch: 1 }, undefined]);
  }
});

test('FetchSnapshot: request and chunk round-trip (v0 and v1)', () => {
  const req = { type: 'FetchSnapshotRequest' as const, from: 3, to: 1, requestId: 5, replicaId: 3, currentLeaderEpoch: 4, snapshotId: { endOffset: 200, epoch: 3 }, position: 1024, maxBytes: 4096 };
  for (const v of [0, 1]) {
    assert.deepEqual(fetchSnapshotFromWire(viaWire(FetchSnapshotRequest, v, fetchSnapshotRequestToWire(req, wireContext(3))), wireContext(1), 5), { ok: true, message: req });
    const chunk = { type: 'FetchSnapshotResponse' as const, from: 1, to: 3, requestId: 5, errorCode: 0, snapshotId: { endOffset: 200, epoch: 3 }, currentLeader: { leaderId: 1, leaderEpoch: 4 }, size: 5000, position: 1024, unalignedRecords: Buffer.from('chunk-bytes') };
    assert.deepEqual(fetchSnapshotResponseFromWire(viaWire(FetchSnapshotResponse, v, fetchSnapshotToWire(chunk, wireContext(1))), req), chunk);
  }
});
