import { CreatePartitionsRequest, CreatePartitionsResponse } from '@orderlab/kafka-protocol';
import { defineHandler } from '@orderlab/kafka-net';
import type { HandlerDeps } from './handler-deps';

/** CreatePartitions v0-1: partitions can only be added, never removed. */
export function createPartitionsHandler(deps: HandlerDeps) {
  return defineHandler({
    request: CreatePartitionsRequest,
    response: CreatePartitionsResponse,
    minVersion: 0,
    maxVersion: 1,
    async handle(req) {
      const results = [];
      for (const t of req.topics) {
        const assignments = t.assignments === null ? null : t.assignments.map((a) => a.brokerIds);
        const outcome = await deps.metadata.createPartitions(t.name, t.count, assignments, req.validateOnly, req.timeoutMs);
        results.push({ name: t.name, errorCode: outcome.errorCode, errorMessage: outcome.message ?? null });
      }
      return { throttleTimeMs: 0, results };
    },
  });
}
