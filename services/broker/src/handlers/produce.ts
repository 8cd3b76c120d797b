import { ErrorCode, ProduceRequest, ProduceResponse, type MessageOf } from '@orderlab/kafka-protocol';
import { validateProducedBatch } from '../partitions/batch-validation';
import { CLOSE_CONNECTION, NO_RESPONSE, defineHandler } from '@orderlab/kafka-net';
import { isInternalTopic } from '../topics/internal-topics';
import { maxMessageBytes, minInsyncReplicas } from '../topics/topic-config';
import type { HandlerDeps } from './handler-deps';

type PartitionResponse = MessageOf<typeof ProduceResponse>['responses'][number]['partitionResponses'][number];
type PartitionData = MessageOf<typeof ProduceRequest>['topicData'][number]['partitionData'][number];

/**
 * Produce v3-7. Each partition is validated and appended on its own: an error on one
 * partition leaves the others appended, as in Kafka. Internal topics get
 * INVALID_TOPIC_EXCEPTION (Kafka without an authorizer; with one, TOPIC_AUTHORIZATION_FAILED
 * comes first). acks=0 gets no response, and a
 * failed acks=0 request closes the connection so the client notices.
 */
export function produceHandler(deps: HandlerDeps) {
  return defineHandler({
    request: ProduceRequest,
    response: ProduceResponse,
    minVersion: 3,
    maxVersion: 7,
    handle(req) {
      const validAcks = req.acks === -1 || req.acks === 0 || req.acks === 1;
      const responses = req.topicData.map((t) => ({
        name: t.name,
        partitionResponses: t.partitionData.map((p) =>
          validAcks ? appendOne(deps, t.name, p, req.acks) : failed(p.index, ErrorCode.INVALID_REQUIRED_ACKS, `acks ${req.acks} must be -1, 0 or 1`),
        ),
      }));
      if (req.acks === 0) {
        const anyError = responses.some((t) => t.partitionResponses.some((p) => p.errorCode !== 0));
        return anyError ? CLOSE_CONNECTION : NO_RESPONSE;
      }
      return { responses, throttleTimeMs: 0 };
    },
  });
}

function appendOne(deps: HandlerDeps, topic: string, p: PartitionData, acks: number): PartitionResponse {
  // Kafka's ReplicaManager.appendToLocalLog refuses client appends to internal topics: only
  // the coordinators write them, and their loaders trust what they read there.
  if (isInternalTopic(topic)) return failed(p.index, ErrorCode.INVALID_TOPIC_EXCEPTION, `Cannot append to internal topic ${topic}`);
  const found = deps.replicas.lookup(topic, p.index);
  if ('errorCode' in found) return failed(p.index, found.errorCode, null);
  const overrides = deps.metadata.topic(topic)?.configs ?? {};
  const validation = validateProducedBatch(p.records, maxMessageBytes(overrides, deps.config));
  if (!validation.ok) {
    deps.logger.debug({ topic, partition: p.index, errorCode: validation.errorCode, reason: validation.message }, 'produce rejected');
    return failed(p.index, validation.errorCode, validation.message);
  }
  const partition = found.partition;
  const minIsr = minInsyncReplicas(overrides);
  if (acks === -1 && partition.isrSize() < minIsr) {
    return failed(p.index, ErrorCode.NOT_ENOUGH_REPLICAS, `The size of the current ISR ${partition.isrSize()} is insufficient to satisfy the min.isr requirement of ${minIsr}`);
  }
  const outcome = partition.appendBatch(p.records as Buffer, validation.header);
  return {
    index: p.index,
    errorCode: outcome.errorCode,
    baseOffset: outcome.baseOffset,
    logAppendTimeMs: outcome.logAppendTimeMs,
    logStartOffset: outcome.logStartOffset,
    recordErrors: [],
    errorMessage: outcome.message ?? null,
  };
}

function failed(index: number, errorCode: number, message: string | null): PartitionResponse {
  return { index, errorCode, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1, recordErrors: [], errorMessage: message };
}
