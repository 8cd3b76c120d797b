import { ErrorCode, ProduceRequest, ProduceResponse, type MessageOf } from '@orderlab/kafka-protocol';
import { validateProducedBatch } from '../partitions/batch-validation';
import { CLOSE_CONNECTION, NO_RESPONSE, defineHandler } from '@orderlab/kafka-net';
import { isInternalTopic } from '../topics/internal-topics';
import { maxMessageBytes, minInsyncReplicas } from '../topics/topic-config';
import type { Partition } from '../partitions/partition';
import type { HandlerDeps } from './handler-deps';

type PartitionResponse = MessageOf<typeof ProduceResponse>['responses'][number]['partitionResponses'][number];
type PartitionData = MessageOf<typeof ProduceRequest>['topicData'][number]['partitionData'][number];

/**
 * Produce v3-7. Each partition is validated and appended on its own: an error on one
 * partition leaves the others appended, as in Kafka. acks=1 answers after the leader's append
 * (a failover can lose it); acks=all (-1) needs min.insync.replicas in the ISR before the
 * append (NOT_ENOUGH_REPLICAS) and answers once the high watermark passes the batch
 * (NOT_ENOUGH_REPLICAS_AFTER_APPEND if the ISR shrank below the minimum meanwhile,
 * REQUEST_TIMED_OUT after the request's timeout, NOT_LEADER_OR_FOLLOWER if leadership moved). Internal topics get
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
      const waits: Array<Promise<void>> = [];
      const responses = req.topicData.map((t) => ({
        name: t.name,
        partitionResponses: t.partitionData.map((p) => {
          if (!validAcks) return failed(p.index, ErrorCode.INVALID_REQUIRED_ACKS, `acks ${req.acks} must be -1, 0 or 1`);
          const { response, replicated } = appendOne(deps, t.name, p, req.acks);
          if (replicated) waits.push(replicated.then((code) => setAckError(response, code)));
          return response;
        }),
      }));
      if (req.acks === 0) {
        const anyError = responses.some((t) => t.partitionResponses.some((p) => p.errorCode !== 0));
        return anyError ? CLOSE_CONNECTION : NO_RESPONSE;
      }
      if (waits.length === 0) return { responses, throttleTimeMs: 0 };
      return awaitAll(waits, req.timeoutMs, responses);
    },
  });
}

type Responses = Array<{ name: string; partitionResponses: PartitionResponse[] }>;

/** One timer per request (not per partition or record): partitions still waiting at the timeout get REQUEST_TIMED_OUT. */
async function awaitAll(waits: Array<Promise<void>>, timeoutMs: number, responses: Responses): Promise<{ responses: Responses; throttleTimeMs: number }> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => (timer = setTimeout(() => resolve('expired'), Math.max(0, timeoutMs))));
  const done = await Promise.race([Promise.all(waits).then(() => 'done' as const), expired]);
  clearTimeout(timer);
  const answered = responses.map((t) => ({
    name: t.name,
    partitionResponses: t.partitionResponses.map((p) => (done === 'expired' && pendingAcks.has(p) ? timedOut(p) : p)),
  }));
  return { responses: answered, throttleTimeMs: 0 };
}

/** Responses whose acks=all wait has not ended yet. */
const pendingAcks = new WeakSet<PartitionResponse>();

function setAckError(response: PartitionResponse, code: number): void {
  pendingAcks.delete(response);
  if (code !== 0) Object.assign(response, { errorCode: code, errorMessage: ackMessage(code) });
}

function ackMessage(code: number): string | null {
  if (code === ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND) return 'The ISR shrank below min.insync.replicas after the append; the write may not be replicated as asked';
  if (code === ErrorCode.NOT_LEADER_OR_FOLLOWER) return 'Leadership moved before the write was replicated';
  return null;
}

function timedOut(p: PartitionResponse): PartitionResponse {
  return { ...p, errorCode: ErrorCode.REQUEST_TIMED_OUT, errorMessage: 'The write was not replicated to the ISR within the request timeout' };
}

function appendOne(deps: HandlerDeps, topic: string, p: PartitionData, acks: number): { response: PartitionResponse; replicated?: Promise<number> } {
  const response = appendToLeader(deps, topic, p, acks);
  if (acks !== -1 || response.outcome === null || response.response.errorCode !== 0) return { response: response.response };
  pendingAcks.add(response.response);
  return { response: response.response, replicated: response.outcome.partition.awaitReplication(response.outcome.nextOffset, response.outcome.minIsr) };
}

interface Appended {
  readonly response: PartitionResponse;
  readonly outcome: { partition: Partition; nextOffset: number; minIsr: number } | null;
}

function appendToLeader(deps: HandlerDeps, topic: string, p: PartitionData, acks: number): Appended {
  const r = appendChecked(deps, topic, p, acks);
  return 'response' in r ? r : { response: failed(p.index, r.errorCode, r.message), outcome: null };
}

function appendChecked(deps: HandlerDeps, topic: string, p: PartitionData, acks: number): Appended | { errorCode: number; message: string | null } {
  // Kafka's ReplicaManager.appendToLocalLog refuses client appends to internal topics: only
  // the coordinators write them, and their loaders trust what they read there.
  if (isInternalTopic(topic)) return { errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION, message: `Cannot append to internal topic ${topic}` };
  const found = deps.replicas.lookup(topic, p.index);
  if ('errorCode' in found) return { errorCode: found.errorCode, message: null };
  const overrides = deps.metadata.topic(topic)?.configs ?? {};
  const validation = validateProducedBatch(p.records, maxMessageBytes(overrides, deps.config));
  if (!validation.ok) {
    deps.logger.debug({ topic, partition: p.index, errorCode: validation.errorCode, reason: validation.message }, 'produce rejected');
    return { errorCode: validation.errorCode, message: validation.message };
  }
  const partition = found.partition;
  const minIsr = minInsyncReplicas(overrides, deps.config);
  if (acks === -1 && partition.isrSize() < minIsr) {
    return { errorCode: ErrorCode.NOT_ENOUGH_REPLICAS, message: `The size of the current ISR ${partition.isrSize()} is insufficient to satisfy the min.isr requirement of ${minIsr}` };
  }
  const outcome = partition.appendBatch(p.records as Buffer, validation.header);
  const response = {
    index: p.index,
    errorCode: outcome.errorCode,
    baseOffset: outcome.baseOffset,
    logAppendTimeMs: outcome.logAppendTimeMs,
    logStartOffset: outcome.logStartOffset,
    recordErrors: [],
    errorMessage: outcome.message ?? null,
  };
  return { response, outcome: { partition, nextOffset: outcome.nextOffset, minIsr } };
}

function failed(index: number, errorCode: number, message: string | null): PartitionResponse {
  return { index, errorCode, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1, recordErrors: [], errorMessage: message };
}
