import { OffsetCommitRequest, OffsetCommitResponse } from '@orderlab/kafka-protocol';
import type { PartitionErrors } from '../groups';
import { defineHandler } from '@orderlab/kafka-net';
import type { HandlerDeps } from './handler-deps';

/** OffsetCommit v2-7: the committed offset is the next offset to read; answered once durable. */
export function offsetCommitHandler(deps: HandlerDeps) {
  return defineHandler({
    request: OffsetCommitRequest,
    response: OffsetCommitResponse,
    minVersion: 2,
    maxVersion: 7,
    async handle(req) {
      const topics = await new Promise<PartitionErrors>((resolve) =>
        deps.groups.coordinator.commitOffsets(
          {
            groupId: req.groupId,
            generationId: req.generationIdOrMemberEpoch,
            memberId: req.memberId,
            groupInstanceId: req.groupInstanceId,
            topics: req.topics.map((t) => ({
              name: t.name,
              partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, committedOffset: p.committedOffset, committedLeaderEpoch: p.committedLeaderEpoch, committedMetadata: p.committedMetadata })),
            })),
          },
          resolve,
        ),
      );
      return { throttleTimeMs: 0, topics };
    },
  });
}
