import { DeleteTopicsRequest, DeleteTopicsResponse, ErrorCode } from '@orderlab/kafka-protocol';
import { defineHandler } from '@orderlab/kafka-net';
import type { HandlerDeps } from './handler-deps';

/** DeleteTopics v0-3. Internal topics (__consumer_offsets…) cannot be deleted. */
export function deleteTopicsHandler(deps: HandlerDeps) {
  return defineHandler({
    request: DeleteTopicsRequest,
    response: DeleteTopicsResponse,
    minVersion: 0,
    maxVersion: 3,
    async handle(req) {
      const responses = [];
      for (const name of req.topicNames) {
        if (deps.metadata.topic(name)?.internal) {
          responses.push({ name, errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION });
          continue;
        }
        const outcome = await deps.metadata.deleteTopic(name, req.timeoutMs);
        responses.push({ name, errorCode: outcome.errorCode });
      }
      return { throttleTimeMs: 0, responses };
    },
  });
}
