import { defineHandler } from '@orderlab/kafka-net';
import { DescribeQuorumRequest, DescribeQuorumResponse, ErrorCode, type MessageInput } from '@orderlab/kafka-protocol';
import type { RaftStatus, ReplicaProgress } from '@orderlab/raft';
import { CONTROLLER_LISTENER, METADATA_PARTITION_INDEX, METADATA_TOPIC_NAME, isMetadataPartition, type Endpoint } from './wire/wire-context';

export interface QuorumView {
  status(): RaftStatus;
  tickToWallMs(tick: number): number;
  readonly voters: ReadonlyMap<number, Endpoint>;
}

const ZERO_DIRECTORY = Buffer.alloc(16);

function replicaState(view: QuorumView, p: ReplicaProgress) {
  return {
    replicaId: p.replicaId,
    replicaDirectoryId: ZERO_DIRECTORY,
    logEndOffset: p.logEndOffset,
    lastFetchTimestamp: view.tickToWallMs(p.lastFetchTick),
    lastCaughtUpTimestamp: view.tickToWallMs(p.lastCaughtUpTick),
  };
}

/**
 * DescribeQuorum (55) as Kafka serves it — what `kafka-metadata-quorum describe` sends: the
 * leader answers with the high watermark and every voter's and observer's log end offset and
 * fetch times; anyone else answers NOT_LEADER_OR_FOLLOWER. Where we add to Kafka: the error
 * answer also names the leader we know and (v2) the voters' endpoints, so a tool can go there.
 */
export function describeQuorumBody(view: QuorumView, version: number): MessageInput<typeof DescribeQuorumResponse> {
  const s = view.status();
  const leading = s.role === 'leader';
  const nodes = [...view.voters].map(([nodeId, e]) => ({ nodeId, listeners: [{ name: CONTROLLER_LISTENER, host: e.host, port: e.port }] }));
  const partition = leading
    ? {
        partitionIndex: METADATA_PARTITION_INDEX,
        errorCode: ErrorCode.NONE,
        leaderId: s.nodeId,
        leaderEpoch: s.epoch,
        highWatermark: s.highWatermark,
        currentVoters: s.voters.map((p) => replicaState(view, p)),
        observers: s.observers.map((p) => replicaState(view, p)),
      }
    : {
        partitionIndex: METADATA_PARTITION_INDEX,
        errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER,
        errorMessage: `controller ${s.nodeId} is ${s.role} in epoch ${s.epoch}; the leader is ${s.leaderId >= 0 ? s.leaderId : 'unknown'}`,
        leaderId: s.leaderId,
        leaderEpoch: s.epoch,
        highWatermark: -1,
        currentVoters: [],
        observers: [],
      };
  return { errorCode: ErrorCode.NONE, topics: [{ topicName: METADATA_TOPIC_NAME, partitions: [partition] }], ...(version >= 2 ? { nodes } : {}) };
}

export function describeQuorumHandler(view: QuorumView) {
  return defineHandler({
    request: DescribeQuorumRequest,
    response: DescribeQuorumResponse,
    minVersion: 0,
    maxVersion: 2,
    handle(req, rc) {
      const t = req.topics[0];
      const p = t?.partitions[0];
      if (req.topics.length !== 1 || !t || t.partitions.length !== 1 || !p || !isMetadataPartition(t.topicName, p.partitionIndex)) {
        return { errorCode: ErrorCode.INVALID_REQUEST, topics: [] };
      }
      return describeQuorumBody(view, rc.apiVersion);
    },
  });
}
