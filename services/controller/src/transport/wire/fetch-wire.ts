import { ErrorCode, type FetchRequest, type FetchResponse, type MessageInput, type MessageOf } from '@orderlab/kafka-protocol';
import type { FetchRequest as RaftFetchRequest, FetchResponse as RaftFetchResponse } from '@orderlab/raft';
import { clusterIdError, METADATA_PARTITION_INDEX, METADATA_TOPIC_ID, METADATA_TOPIC_NAME, nodeEndpoints, refuse, type FromWire, type WireContext } from './wire-context';

type WireFetchRequest = MessageOf<typeof FetchRequest>;
type WireFetchResponse = MessageOf<typeof FetchResponse>;

/** The versions the controller serves: 12 introduced lastFetchedEpoch and the tagged divergingEpoch/currentLeader/snapshotId Raft needs. */
export const FETCH_MIN_VERSION = 12;
export const FETCH_MAX_VERSION = 17;

const namesMetadataTopic = (t: WireFetchRequest['topics'][number], version: number): boolean =>
  version >= 13 ? t.topicId.equals(METADATA_TOPIC_ID) : t.topic === METADATA_TOPIC_NAME;

/**
 * Fetch (1) on `__cluster_metadata-0` as Raft's pull replication. Carried: replicaId (v15+ from
 * ReplicaState), currentLeaderEpoch, fetchOffset, lastFetchedEpoch (-1, "none", is read as 0, the
 * epoch of an empty log), logStartOffset, maxWaitMs (→ ticks), min(maxBytes, partitionMaxBytes).
 * Ignored: minBytes (any record answers a parked fetch), isolationLevel (the log has no
 * transactions), fetch sessions (answered with session 0, i.e. full responses), forgotten
 * topics, rackId, the replica epoch and directory id.
 */
export function fetchFromWire(req: WireFetchRequest, version: number, ctx: WireContext, requestId: number, tickMs: number): FromWire<RaftFetchRequest> {
  const clusterError = clusterIdError(ctx, req.clusterId);
  if (clusterError !== ErrorCode.NONE) return refuse(clusterError);
  const topic = req.topics[0];
  const p = topic?.partitions[0];
  if (req.topics.length !== 1 || !topic || !namesMetadataTopic(topic, version) || topic.partitions.length !== 1 || !p || p.partition !== METADATA_PARTITION_INDEX) {
    return refuse(ErrorCode.INVALID_REQUEST);
  }
  const replicaId = version >= 15 ? req.replicaState.replicaId : req.replicaId;
  return {
    ok: true,
    message: {
      type: 'FetchRequest',
      from: replicaId,
      to: ctx.nodeId,
      requestId,
      replicaId,
      currentLeaderEpoch: p.currentLeaderEpoch,
      fetchOffset: p.fetchOffset,
      lastFetchedEpoch: Math.max(0, p.lastFetchedEpoch),
      logStartOffset: p.logStartOffset,
      maxWaitTicks: Math.max(0, Math.ceil(req.maxWaitMs / tickMs)),
      maxBytes: Math.max(0, Math.min(req.maxBytes, p.partitionMaxBytes)),
    },
  };
}

function topicKey(version: number) {
  return version >= 13 ? { topicId: METADATA_TOPIC_ID } : { topic: METADATA_TOPIC_NAME };
}

export function fetchToWire(resp: RaftFetchResponse, version: number, ctx: WireContext): MessageInput<typeof FetchResponse> {
  return {
    throttleTimeMs: 0,
    errorCode: ErrorCode.NONE,
    sessionId: 0,
    responses: [
      {
        ...topicKey(version),
        partitions: [
          {
            partitionIndex: METADATA_PARTITION_INDEX,
            errorCode: resp.errorCode,
            highWatermark: resp.highWatermark,
            lastStableOffset: resp.highWatermark,
            logStartOffset: resp.logStartOffset,
            ...(resp.divergingEpoch ? { divergingEpoch: { epoch: resp.divergingEpoch.epoch, endOffset: resp.divergingEpoch.endOffset } } : {}),
            ...(resp.snapshotId ? { snapshotId: { endOffset: resp.snapshotId.endOffset, epoch: resp.snapshotId.epoch } } : {}),
            currentLeader: { leaderId: resp.currentLeader.leaderId, leaderEpoch: resp.currentLeader.leaderEpoch },
            abortedTransactions: null,
            preferredReadReplica: -1,
            records: ctx.encodeBatches(resp.records),
          },
        ],
      },
    ],
    nodeEndpoints: nodeEndpoints(ctx, resp.currentLeader.leaderId),
  };
}

/** A fetch refused before raft saw it (cluster id, wrong partition) or timed out: a top-level or partition error and no data. */
export function fetchErrorToWire(errorCode: number, partitionLevel: boolean, version: number, leader: { leaderId: number; leaderEpoch: number }): MessageInput<typeof FetchResponse> {
  if (!partitionLevel) return { throttleTimeMs: 0, errorCode, sessionId: 0, responses: [] };
  return {
    throttleTimeMs: 0,
    errorCode: ErrorCode.NONE,
    sessionId: 0,
    responses: [{ ...topicKey(version), partitions: [{ partitionIndex: METADATA_PARTITION_INDEX, errorCode, highWatermark: -1, logStartOffset: -1, currentLeader: leader, records: Buffer.alloc(0) }] }],
  };
}

export function fetchRequestToWire(m: RaftFetchRequest, version: number, ctx: WireContext, tickMs: number): MessageInput<typeof FetchRequest> {
  return {
    clusterId: ctx.clusterId,
    replicaId: m.replicaId,
    replicaState: { replicaId: m.replicaId, replicaEpoch: -1 },
    maxWaitMs: m.maxWaitTicks * tickMs,
    minBytes: 0,
    maxBytes: m.maxBytes,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [
      {
        ...topicKey(version),
        partitions: [{ partition: METADATA_PARTITION_INDEX, currentLeaderEpoch: m.currentLeaderEpoch, fetchOffset: m.fetchOffset, lastFetchedEpoch: m.lastFetchedEpoch, logStartOffset: m.logStartOffset, partitionMaxBytes: m.maxBytes }],
      },
    ],
    forgottenTopicsData: [],
    rackId: '',
  };
}

/** Undefined for a top-level error or an answer without our partition; throws DecodeError when its records do not decode. */
export function fetchResponseFromWire(res: WireFetchResponse, sent: RaftFetchRequest, ctx: WireContext): RaftFetchResponse | undefined {
  const p = res.responses[0]?.partitions[0];
  if (res.errorCode !== ErrorCode.NONE || !p) return undefined;
  const ok = p.errorCode === ErrorCode.NONE;
  return {
    type: 'FetchResponse',
    from: sent.to,
    to: sent.from,
    requestId: sent.requestId,
    errorCode: p.errorCode,
    highWatermark: p.highWatermark,
    logStartOffset: p.logStartOffset,
    ...(p.divergingEpoch.epoch >= 0 ? { divergingEpoch: { epoch: p.divergingEpoch.epoch, endOffset: p.divergingEpoch.endOffset } } : {}),
    ...(p.snapshotId.endOffset >= 0 && p.snapshotId.epoch >= 0 ? { snapshotId: { endOffset: p.snapshotId.endOffset, epoch: p.snapshotId.epoch } } : {}),
    currentLeader: { leaderId: p.currentLeader.leaderId, leaderEpoch: p.currentLeader.leaderEpoch },
    records: ok && p.records ? ctx.decodeBatches(p.records) : [],
  };
}
