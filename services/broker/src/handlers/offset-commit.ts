import { ErrorCode, OffsetCommitRequest, OffsetCommitResponse } from '@orderlab/kafka-protocol';
import type { OffsetCommitInput, PartitionErrors } from '../groups';
import { defineHandler } from '@orderlab/kafka-net';
import type { HandlerDeps } from './handler-deps';

type Topics = OffsetCommitInput['topics'];

/**
 * OffsetCommit v2-7: the committed offset is the next offset to read; answered once durable.
 * As Kafka's KafkaApis does, partitions the cluster does not have get UNKNOWN_TOPIC_OR_PARTITION
 * and never reach the coordinator (a commit must not outlive, or predate, its topic).
 */
export function offsetCommitHandler(deps: HandlerDeps) {
  return defineHandler({
    request: OffsetCommitRequest,
    response: OffsetCommitResponse,
    minVersion: 2,
    maxVersion: 7,
    async handle(req) {
      const requested: Topics = req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, committedOffset: p.committedOffset, committedLeaderEpoch: p.committedLeaderEpoch, committedMetadata: p.committedMetadata })),
      }));
      const partitionCount = new Map(requested.map((t) => [t.name, deps.metadata.topic(t.name)?.partitions.length ?? 0]));
      const exists = (topic: string, partition: number): boolean => partition >= 0 && partition < (partitionCount.get(topic) ?? 0);
      const known = requested.map((t) => ({ ...t, partitions: t.partitions.filter((p) => exists(t.name, p.partitionIndex)) })).filter((t) => t.partitions.length > 0);
      const answered = known.length === 0
        ? []
        : await new Promise<PartitionErrors>((resolve) =>
            deps.groups.coordinator.commitOffsets({ groupId: req.groupId, generationId: req.generationIdOrMemberEpoch, memberId: req.memberId, groupInstanceId: req.groupInstanceId, topics: known }, resolve),
          );
      return { throttleTimeMs: 0, topics: inRequestOrder(requested, answered, exists) };
    },
  });
}

function inRequestOrder(requested: Topics, answered: PartitionErrors, exists: (topic: string, partition: number) => boolean): PartitionErrors {
  const code = new Map(answered.flatMap((t) => t.partitions.map((p) => [`${t.name}\u0000${p.partitionIndex}`, p.errorCode] as const)));
  return requested.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p) => ({
      partitionIndex: p.partitionIndex,
      errorCode: exists(t.name, p.partitionIndex) ? (code.get(`${t.name}\u0000${p.partitionIndex}`) ?? ErrorCode.UNKNOWN_SERVER_ERROR) : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    })),
  }));
}
