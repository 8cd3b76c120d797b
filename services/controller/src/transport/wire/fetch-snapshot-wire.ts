import { ErrorCode, type FetchSnapshotRequest, type FetchSnapshotResponse, type MessageInput, type MessageOf } from '@orderlab/kafka-protocol';
import type { FetchSnapshotRequest as RaftFetchSnapshotRequest, FetchSnapshotResponse as RaftFetchSnapshotResponse } from '@orderlab/raft';
import { clusterIdError, isMetadataPartition, METADATA_PARTITION_INDEX, METADATA_TOPIC_NAME, nodeEndpoints, refuse, type FromWire, type WireContext } from './wire-context';

/** FetchSnapshot (59): replicaId, currentLeaderEpoch, snapshotId, position, maxBytes. Ignored: v1's replica directory id. */
export function fetchSnapshotFromWire(req: MessageOf<typeof FetchSnapshotRequest>, ctx: WireContext, requestId: number): FromWire<RaftFetchSnapshotRequest> {
  const clusterError = clusterIdError(ctx, req.clusterId);
  if (clusterError !== ErrorCode.NONE) return refuse(clusterError);
  const t = req.topics[0];
  const p = t?.partitions[0];
  if (req.topics.length !== 1 || !t || t.partitions.length !== 1 || !p || !isMetadataPartition(t.name, p.partition)) return refuse(ErrorCode.INVALID_REQUEST);
  return {
    ok: true,
    message: {
      type: 'FetchSnapshotRequest',
      from: req.replicaId,
      to: ctx.nodeId,
      requestId,
      replicaId: req.replicaId,
      currentLeaderEpoch: p.currentLeaderEpoch,
      snapshotId: { endOffset: p.snapshotId.endOffset, epoch: p.snapshotId.epoch },
      position: p.position,
      maxBytes: Math.max(0, req.maxBytes),
    },
  };
}

export function fetchSnapshotToWire(resp: RaftFetchSnapshotResponse, ctx: WireContext): MessageInput<typeof FetchSnapshotResponse> {
  return {
    throttleTimeMs: 0,
    errorCode: ErrorCode.NONE,
    topics: [
      {
        name: METADATA_TOPIC_NAME,
        partitions: [
          {
            index: METADATA_PARTITION_INDEX,
            errorCode: resp.errorCode,
            snapshotId: { endOffset: resp.snapshotId.endOffset, epoch: resp.snapshotId.epoch },
            currentLeader: { leaderId: resp.currentLeader.leaderId, leaderEpoch: resp.currentLeader.leaderEpoch },
            size: resp.size,
            position: resp.position,
            unalignedRecords: resp.unalignedRecords,
          },
        ],
      },
    ],
    nodeEndpoints: nodeEndpoints(ctx, resp.currentLeader.leaderId),
  };
}

export function fetchSnapshotErrorToWire(errorCode: number): MessageInput<typeof FetchSnapshotResponse> {
  return { throttleTimeMs: 0, errorCode, topics: [] };
}

export function fetchSnapshotRequestToWire(m: RaftFetchSnapshotRequest, ctx: WireContext): MessageInput<typeof FetchSnapshotRequest> {
  return {
    clusterId: ctx.clusterId,
    replicaId: m.replicaId,
    maxBytes: m.maxBytes,
    topics: [{ name: METADATA_TOPIC_NAME, partitions: [{ partition: METADATA_PARTITION_INDEX, currentLeaderEpoch: m.currentLeaderEpoch, snapshotId: { endOffset: m.snapshotId.endOffset, epoch: m.snapshotId.epoch }, position: m.position }] }],
  };
}

export function fetchSnapshotResponseFromWire(res: MessageOf<typeof FetchSnapshotResponse>, sent: RaftFetchSnapshotRequest): RaftFetchSnapshotResponse | undefined {
  const p = res.topics[0]?.partitions[0];
  if (res.errorCode !== ErrorCode.NONE || !p) return undefined;
  return {
    type: 'FetchSnapshotResponse',
    from: sent.to,
    to: sent.from,
    requestId: sent.requestId,
    errorCode: p.errorCode,
    snapshotId: { endOffset: p.snapshotId.endOffset, epoch: p.snapshotId.epoch },
    currentLeader: { leaderId: p.currentLeader.leaderId, leaderEpoch: p.currentLeader.leaderEpoch },
    size: p.size,
    position: p.position,
    unalignedRecords: p.unalignedRecords ?? Buffer.alloc(0),
  };
}
