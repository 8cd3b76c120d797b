import { CreateTopicsRequest, CreateTopicsResponse } from '@orderlab/kafka-protocol';
import { defineHandler } from '@orderlab/kafka-net';
import type { HandlerDeps } from './handler-deps';

/** CreateTopics v0-4; -1 partitions / replication factor mean the broker defaults (kafkajs sends -1 on every version). */
export function createTopicsHandler(deps: HandlerDeps) {
  return defineHandler({
    request: CreateTopicsRequest,
    response: CreateTopicsResponse,
    minVersion: 0,
    maxVersion: 4,
    async handle(req) {
      const topics = [];
      for (const t of req.topics) {
        const outcome = await deps.metadata.createTopic(
          {
            name: t.name,
            numPartitions: t.numPartitions,
            replicationFactor: t.replicationFactor,
            assignments: [...t.assignments].sort((a, b) => a.partitionIndex - b.partitionIndex).map((a) => a.brokerIds),
            configs: Object.fromEntries(t.configs.map((c) => [c.name, c.value ?? ''])),
          },
          req.validateOnly,
          req.timeoutMs,
        );
        if (outcome.errorCode === 0 && !req.validateOnly) deps.logger.info({ topic: t.name }, 'topic created');
        topics.push({ name: t.name, errorCode: outcome.errorCode, errorMessage: outcome.message ?? null });
      }
      return { throttleTimeMs: 0, topics };
    },
  });
}
