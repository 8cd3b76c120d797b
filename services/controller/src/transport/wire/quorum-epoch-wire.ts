import { ErrorCode, type BeginQuorumEpochRequest, type BeginQuorumEpochResponse, type EndQuorumEpochRequest, type EndQuorumEpochResponse, type MessageInput, type MessageOf } from '@orderlab/kafka-protocol';
import type {
  BeginQuorumEpochRequest as RaftBeginRequest,
  BeginQuorumEpochResponse as RaftBeginResponse,
  EndQuorumEpochRequest as RaftEndRequest,
  EndQuorumEpochResponse as RaftEndResponse,
} from '@orderlab/raft';
import { clusterIdError, isMetadataPartition, leaderEndpoints, METADATA_PARTITION_INDEX, METADATA_TOPIC_NAME, nodeEndpoints, refuse, type FromWire, type WireContext } from './wire-context';

interface LeaderAnswer {
  readonly errorCode: number;
  readonly leaderId: number;
  readonly leaderEpoch: number;
}

/** Both answers have the same shape: a partition error and the leader we know. */
function epochAnswer(resp: LeaderAnswer, ctx: WireContext) {
  return {
    errorCode: ErrorCode.NONE,
    topics: [{ topicName: METADATA_TOPIC_NAME, partitions: [{ partitionIndex: METADATA_PARTITION_INDEX, errorCode: resp.errorCode, leaderId: resp.leaderId, leaderEpoch: resp.leaderEpoch }] }],
    nodeEndpoints: nodeEndpoints(ctx, resp.leaderId),
  };
}

function onePartition<P extends { partitionIndex: number }>(topics: ReadonlyArray<{ topicName: string; partitions: readonly P[] }>): P | undefined {
  const t = topics[0];
  const p = t?.partitions[0];
  return topics.length === 1 && t && t.partitions.length === 1 && p && isMetadataPartition(t.topicName, p.partitionIndex) ? p : undefined;
}

/** BeginQuorumEpoch (53): leaderId, leaderEpoch. Ignored: v1's voter directory id and leader endpoints (voters are static, their endpoints configured). */
export function beginQuorumEpochFromWire(req: MessageOf<typeof BeginQuorumEpochRequest>, version: number, ctx: WireContext, requestId: number): FromWire<RaftBeginRequest> {
  const clusterError = clusterIdError(ctx, req.clusterId);
  if (clusterError !== ErrorCode.NONE) return refuse(clusterError);
  const p = onePartition(req.topics);
  if (!p) return refuse(ErrorCode.INVALID_REQUEST);
  if (version >= 1 && req.voterId >= 0 && req.voterId !== ctx.nodeId) return refuse(ErrorCode.INVALID_VOTER_KEY, true);
  return { ok: true, message: { type: 'BeginQuorumEpochRequest', from: p.leaderId, to: ctx.nodeId, requestId, leaderId: p.leaderId, leaderEpoch: p.leaderEpoch } };
}

export function beginQuorumEpochToWire(resp: LeaderAnswer, ctx: WireContext): MessageInput<typeof BeginQuorumEpochResponse> {
  return epochAnswer(resp, ctx);
}

export function beginQuorumEpochRequestToWire(m: RaftBeginRequest, ctx: WireContext): MessageInput<typeof BeginQuorumEpochRequest> {
  return {
    clusterId: ctx.clusterId,
    voterId: m.to,
    topics: [{ topicName: METADATA_TOPIC_NAME, partitions: [{ partitionIndex: METADATA_PARTITION_INDEX, leaderId: m.leaderId, leaderEpoch: m.leaderEpoch }] }],
    leaderEndpoints: leaderEndpoints(ctx),
  };
}

export function beginQuorumEpochResponseFromWire(res: MessageOf<typeof BeginQuorumEpochResponse>, sent: RaftBeginRequest): RaftBeginResponse | undefined {
  const p = res.topics[0]?.partitions[0];
  if (res.errorCode !== ErrorCode.NONE || !p) return undefined;
  return { type: 'BeginQuorumEpochResponse', from: sent.to, to: sent.from, requestId: sent.requestId, errorCode: p.errorCode, leaderId: p.leaderId, leaderEpoch: p.leaderEpoch };
}

/** EndQuorumEpoch (54): leaderId, leaderEpoch, preferred successors (v0 ids; v1 candidates by voter key, of which the id is used). */
export function endQuorumEpochFromWire(req: MessageOf<typeof EndQuorumEpochRequest>, version: number, ctx: WireContext, requestId: number): FromWire<RaftEndRequest> {
  const clusterError = clusterIdError(ctx, req.clusterId);
  if (clusterError !== ErrorCode.NONE) return refuse(clusterError);
  const p = onePartition(req.topics);
  if (!p) return refuse(ErrorCode.INVALID_REQUEST);
  const preferredSuccessors = version >= 1 ? p.preferredCandidates.map((c) => c.candidateId) : p.preferredSuccessors;
  return { ok: true, message: { type: 'EndQuorumEpochRequest', from: p.leaderId, to: ctx.nodeId, requestId, leaderId: p.leaderId, leaderEpoch: p.leaderEpoch, preferredSuccessors } };
}

export function endQuorumEpochToWire(resp: LeaderAnswer, ctx: WireContext): MessageInput<typeof EndQuorumEpochResponse> {
  return epochAnswer(resp, ctx);
}

export function endQuorumEpochRequestToWire(m: RaftEndRequest, ctx: WireContext): MessageInput<typeof EndQuorumEpochRequest> {
  return {
    clusterId: ctx.clusterId,
    topics: [
      {
        topicName: METADATA_TOPIC_NAME,
        partitions: [
          {
            partitionIndex: METADATA_PARTITION_INDEX,
            leaderId: m.leaderId,
            leaderEpoch: m.leaderEpoch,
            preferredSuccessors: [...m.preferredSuccessors],
            preferredCandidates: m.preferredSuccessors.map((candidateId) => ({ candidateId })),
          },
        ],
      },
    ],
    leaderEndpoints: leaderEndpoints(ctx),
  };
}

export function endQuorumEpochResponseFromWire(res: MessageOf<typeof EndQuorumEpochResponse>, sent: RaftEndRequest): RaftEndResponse | undefined {
  const p = res.topics[0]?.partitions[0];
  if (res.errorCode !== ErrorCode.NONE || !p) return undefined;
  return { type: 'EndQuorumEpochResponse', from: sent.to, to: sent.from, requestId: sent.requestId, errorCode: p.errorCode, leaderId: p.leaderId, leaderEpoch: p.leaderEpoch };
}

/** A refused Begin/EndQuorumEpoch: top-level, or per partition (INVALID_VOTER_KEY). */
export function quorumEpochErrorToWire(refused: { errorCode: number; partitionLevel: boolean }, ctx: WireContext, epoch: number) {
  if (refused.partitionLevel) return epochAnswer({ errorCode: refused.errorCode, leaderId: -1, leaderEpoch: epoch }, ctx);
  return { errorCode: refused.errorCode, topics: [] };
}
