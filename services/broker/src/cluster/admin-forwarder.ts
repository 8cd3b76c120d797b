import {
  AlterConfigsRequest,
  AlterConfigsResponse,
  CreatePartitionsRequest,
  CreatePartitionsResponse,
  CreateTopicsRequest,
  CreateTopicsResponse,
  DeleteTopicsRequest,
  DeleteTopicsResponse,
  ErrorCode,
} from '@orderlab/kafka-protocol';
import { ControllerUnavailableError, type ControllerClient } from '../metadata-follower/controller-client';
import type { AdminOutcome, CreateTopicSpec } from './cluster-metadata';
import type { TopicConfigOverrides } from '../topics/topic-config';

const isNotController = (code: number): boolean => code === ErrorCode.NOT_CONTROLLER;
const RESOURCE_TOPIC = 2;

function outcome(errorCode: number, errorMessage: string | null | undefined): AdminOutcome {
  return errorCode === ErrorCode.NONE ? { errorCode: 0 } : { errorCode, message: errorMessage ?? `error ${errorCode}` };
}

/**
 * Admin requests sent to this broker, forwarded to the active controller as Kafka's brokers do
 * (KIP-590): one topic per request, retried on NOT_CONTROLLER within the request's time; the
 * controller validates (names, configs, internal-topic protection, replication factor against the
 * unfenced brokers) and answers once its records are committed. Its per-topic error codes and
 * messages are passed through unchanged. Nothing here changes local state.
 */
export class AdminForwarder {
  constructor(
    private readonly client: ControllerClient,
    private readonly timeoutMs: number,
  ) {}

  async createTopic(spec: CreateTopicSpec, validateOnly: boolean, timeoutMs?: number): Promise<AdminOutcome> {
    return this.guard(timeoutMs, async (deadline) => {
      const { response } = await this.client.send(
        { request: CreateTopicsRequest, response: CreateTopicsResponse },
        5,
        (remainingMs) => ({
          topics: [
            {
              name: spec.name,
              numPartitions: spec.numPartitions,
              replicationFactor: spec.replicationFactor,
              assignments: spec.assignments.map((brokerIds, partitionIndex) => ({ partitionIndex, brokerIds: [...brokerIds] })),
              configs: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
            },
          ],
          timeoutMs: remainingMs,
          validateOnly,
        }),
        (r) => r.topics.some((t) => isNotController(t.errorCode)),
        deadline,
      );
      const t = response.topics[0];
      return t ? outcome(t.errorCode, t.errorMessage) : outcome(ErrorCode.UNKNOWN_SERVER_ERROR, 'the controller answered no topic');
    });
  }

  async deleteTopic(name: string, timeoutMs?: number): Promise<AdminOutcome> {
    return this.guard(timeoutMs, async (deadline) => {
      const { response } = await this.client.send(
        { request: DeleteTopicsRequest, response: DeleteTopicsResponse },
        5,
        (remainingMs) => ({ topicNames: [name], topics: [], timeoutMs: remainingMs }),
        (r) => r.responses.some((t) => isNotController(t.errorCode)),
        deadline,
      );
      const t = response.responses[0];
      return t ? outcome(t.errorCode, t.errorMessage) : outcome(ErrorCode.UNKNOWN_SERVER_ERROR, 'the controller answered no topic');
    });
  }

  async createPartitions(name: string, count: number, assignments: ReadonlyArray<readonly number[]> | null, validateOnly: boolean, timeoutMs?: number): Promise<AdminOutcome> {
    return this.guard(timeoutMs, async (deadline) => {
      const { response } = await this.client.send(
        { request: CreatePartitionsRequest, response: CreatePartitionsResponse },
        1,
        (remainingMs) => ({ topics: [{ name, count, assignments: assignments === null ? null : assignments.map((b) => ({ brokerIds: [...b] })) }], timeoutMs: remainingMs, validateOnly }),
        (r) => r.results.some((t) => isNotController(t.errorCode)),
        deadline,
      );
      const t = response.results[0];
      return t ? outcome(t.errorCode, t.errorMessage) : outcome(ErrorCode.UNKNOWN_SERVER_ERROR, 'the controller answered no topic');
    });
  }

  async alterTopicConfigs(name: string, configs: TopicConfigOverrides, validateOnly: boolean): Promise<AdminOutcome> {
    return this.guard(undefined, async (deadline) => {
      const { response } = await this.client.send(
        { request: AlterConfigsRequest, response: AlterConfigsResponse },
        1,
        { resources: [{ resourceType: RESOURCE_TOPIC, resourceName: name, configs: Object.entries(configs).map(([n, value]) => ({ name: n, value })) }], validateOnly },
        (r) => r.responses.some((t) => isNotController(t.errorCode)),
        deadline,
      );
      const t = response.responses[0];
      return t ? outcome(t.errorCode, t.errorMessage) : outcome(ErrorCode.UNKNOWN_SERVER_ERROR, 'the controller answered no resource');
    });
  }

  /**
   * The request's own timeout (when positive, capped by --controller-request-timeout-ms) bounds
   * the retries; no controller within it: REQUEST_TIMED_OUT (retriable), as Kafka's forwarding answers.
   */
  private async guard(requestTimeoutMs: number | undefined, run: (deadlineMs: number) => Promise<AdminOutcome>): Promise<AdminOutcome> {
    const timeoutMs = requestTimeoutMs !== undefined && requestTimeoutMs > 0 ? Math.min(requestTimeoutMs, this.timeoutMs) : this.timeoutMs;
    try {
      return await run(Date.now() + timeoutMs);
    } catch (e) {
      if (e instanceof ControllerUnavailableError) return { errorCode: ErrorCode.REQUEST_TIMED_OUT, message: `no active controller answered: ${e.message}` };
      throw e;
    }
  }
}
