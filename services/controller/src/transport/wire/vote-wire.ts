import type { MessageInput, MessageOf, VoteRequest, VoteResponse } from '@orderlab/kafka-protocol';
import type { VoteRequest as RaftVoteRequest, VoteResponse as RaftVoteResponse } from '@orderlab/raft';
import { ErrorCode } from '@orderlab/kafka-protocol';
import { clusterIdError, isMetadataPartition, METADATA_PARTITION_INDEX, METADATA_TOPIC_NAME, nodeEndpoints, refuse, type FromWire, type WireContext } from './wire-context';

type WireVoteRequest = MessageOf<typeof VoteRequest>;
type WireVoteResponse = MessageOf<typeof VoteResponse>;

/**
 * Vote (52). Carried: candidateEpoch, candidateId, lastOffsetEpoch, lastOffset, preVote (v2+).
 * Ignored: the directory ids of v1+ (static voters have none). v1+ voterId, when set, must be us.
 */
export function voteFromWire(req: WireVoteRequest, version: number, ctx: WireContext, requestId: number): FromWire<RaftVoteRequest> {
  const clusterError = clusterIdError(ctx, req.clusterId);
  if (clusterError !== ErrorCode.NONE) return refuse(clusterError);
  const topic = req.topics[0];
  const p = topic?.partitions[0];
  if (req.topics.length !== 1 || !topic || topic.partitions.length !== 1 || !p || !isMetadataPartition(topic.topicName, p.partitionIndex)) return refuse(ErrorCode.INVALID_REQUEST);
  if (version >= 1 && req.voterId >= 0 && req.voterId !== ctx.nodeId) return refuse(ErrorCode.INVALID_VOTER_KEY, true);
  return {
    ok: true,
    message: {
      type: 'VoteRequest',
      from: p.candidateId,
      to: ctx.nodeId,
      requestId,
      candidateEpoch: p.candidateEpoch,
      candidateId: p.candidateId,
      lastOffsetEpoch: p.lastOffsetEpoch,
      lastOffset: p.lastOffset,
      preVote: version >= 2 ? p.preVote : false,
    },
  };
}

export function voteToWire(resp: Pick<RaftVoteResponse, 'errorCode' | 'leaderId' | 'leaderEpoch' | 'voteGranted'>, ctx: WireContext): MessageInput<typeof VoteResponse> {
  return {
    errorCode: ErrorCode.NONE,
    topics: [{ topicName: METADATA_TOPIC_NAME, partitions: [{ partitionIndex: METADATA_PARTITION_INDEX, errorCode: resp.errorCode, leaderId: resp.leaderId, leaderEpoch: resp.leaderEpoch, voteGranted: resp.voteGranted }] }],
    nodeEndpoints: nodeEndpoints(ctx, resp.leaderId),
  };
}

export function voteErrorToWire(refused: { errorCode: number; partitionLevel: boolean }, ctx: WireContext, epoch: number): MessageInput<typeof VoteResponse> {
  if (refused.partitionLevel) return voteToWire({ errorCode: refused.errorCode, leaderId: -1, leaderEpoch: epoch, voteGranted: false }, ctx);
  return { errorCode: refused.errorCode, topics: [] };
}

export function voteRequestToWire(m: RaftVoteRequest, ctx: WireContext): MessageInput<typeof VoteRequest> {
  return {
    clusterId: ctx.clusterId,
    voterId: m.to,
    topics: [
      {
        topicName: METADATA_TOPIC_NAME,
        partitions: [{ partitionIndex: METADATA_PARTITION_INDEX, candidateEpoch: m.candidateEpoch, candidateId: m.candidateId, lastOffsetEpoch: m.lastOffsetEpoch, lastOffset: m.lastOffset, preVote: m.preVote }],
      },
    ],
  };
}

/** Undefined when the answer carries no partition result (a top-level error): the core resends in time. */
export function voteResponseFromWire(res: WireVoteResponse, sent: RaftVoteRequest): RaftVoteResponse | undefined {
  const p = res.topics[0]?.partitions[0];
  if (res.errorCode !== ErrorCode.NONE || !p) return undefined;
  return { type: 'VoteResponse', from: sent.to, to: sent.from, requestId: sent.requestId, errorCode: p.errorCode, leaderId: p.leaderId, leaderEpoch: p.leaderEpoch, voteGranted: p.voteGranted };
}
