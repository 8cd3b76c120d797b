import { ErrorCode, OffsetDeleteRequest, OffsetDeleteResponse } from '@orderlab/kafka-protocol';
import { defineHandler } from '@orderlab/kafka-net';
import type { OffsetDeleteResult } from '../groups';
import type { HandlerDeps } from './handler-deps';

/**
 * OffsetDelete v0 (KIP-496, `kafka-consumer-groups --delete-offsets`). As in Kafka's KafkaApis,
 * partitions the cluster does not have are UNKNOWN_TOPIC_OR_PARTITION; a group-level error
 * answers with no topics at all.
 */
export function offsetDeleteHandler(deps: HandlerDeps) {
  return defineHandler({
    request: OffsetDeleteRequest,
    response: OffsetDeleteResponse,
    minVersion: 0,
    maxVersion: 0,
    async handle(req) {
      const exists = (topic: string, partition: number): boolean => partition >= 0 && partition < (deps.metadata.topic(topic)?.partitions.length ?? 0);
      const known = req.topics
        .map((t) => ({ name: t.name, partitionIndexes: t.partitions.map((p) => p.partitionIndex).filter((p) => exists(t.name, p)) }))
        .filter((t) => t.partitionIndexes.length > 0);
      const result = await new Promise<OffsetDeleteResult>((resolve) => deps.groups.coordinator.deleteOffsets({ groupId: req.groupId, topics: known }, resolve));
      if (result.errorCode !== ErrorCode.NONE) return { errorCode: result.errorCode, throttleTimeMs: 0, topics: [] };
      const code = new Map(result.topics.flatMap((t) => t.partitions.map((p) => [`${t.name}\u0000${p.partitionIndex}`, p.errorCode] as const)));
      const topics = req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: code.get(`${t.name}\u0000${p.partitionIndex}`) ?? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION })),
      }));
      return { errorCode: ErrorCode.NONE, throttleTimeMs: 0, topics };
    },
  });
}
