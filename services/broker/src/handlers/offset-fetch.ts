import { ErrorCode, OffsetFetchRequest, OffsetFetchResponse } from '@orderlab/kafka-protocol';
import { defineHandler } from '@orderlab/kafka-net';
import type { HandlerDeps } from './handler-deps';

/** OffsetFetch v1-5: -1 for partitions without a commit; a null topic list (v2+) means every committed partition. */
export function offsetFetchHandler(deps: HandlerDeps) {
  return defineHandler({
    request: OffsetFetchRequest,
    response: OffsetFetchResponse,
    minVersion: 1,
    maxVersion: 5,
    handle(req, ctx) {
      const result = deps.groups.coordinator.fetchOffsets({ groupId: req.groupId, topics: req.topics });
      if (result.errorCode !== ErrorCode.NONE && ctx.apiVersion < 2) {
        // v1 has no top-level error: every requested partition carries it.
        const topics = (req.topics ?? []).map((t) => ({ name: t.name, partitions: t.partitionIndexes.map((partitionIndex) => ({ partitionIndex, committedOffset: -1, metadata: '', errorCode: result.errorCode })) }));
        return { throttleTimeMs: 0, topics, errorCode: result.errorCode };
      }
      return { throttleTimeMs: 0, topics: result.topics, errorCode: result.errorCode };
    },
  });
}
