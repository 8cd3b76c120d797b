import { ErrorCode } from '@orderlab/kafka-protocol';
import type { BrokerConfig } from '../config/broker-config';
import { validateTopicConfigs } from '../topics/topic-config';
import { topicNameProblem } from '../topics/topic-name';
import type { AdminOutcome, CreateTopicSpec } from './cluster-metadata';

export interface ResolvedTopicSpec {
  readonly numPartitions: number;
  readonly replicas: ReadonlyArray<readonly number[]>;
}

export type ValidationResult = { ok: true; resolved: ResolvedTopicSpec } | { ok: false; outcome: AdminOutcome };

/** A topic larger than this is refused: each partition is a directory of files, and one request must not exhaust them. */
export const MAX_PARTITIONS_PER_TOPIC = 10_000;

const fail = (errorCode: number, message: string): ValidationResult => ({ ok: false, outcome: { errorCode, message } });

/**
 * CreateTopics validation shared by every metadata owner (local today, controller later):
 * the same checks and error codes Kafka's ReplicationControlManager applies.
 */
export function validateCreateTopic(
  spec: CreateTopicSpec,
  exists: boolean,
  liveBrokers: readonly number[],
  broker: BrokerConfig,
): ValidationResult {
  const nameProblem = topicNameProblem(spec.name);
  if (nameProblem) return fail(ErrorCode.INVALID_TOPIC_EXCEPTION, nameProblem);
  if (exists) return fail(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${spec.name}' already exists.`);
  const configProblem = validateTopicConfigs(spec.configs);
  if (configProblem) return fail(ErrorCode.INVALID_CONFIG, configProblem);
  if (spec.assignments.length > 0) return validateManualAssignment(spec, liveBrokers);
  const numPartitions = spec.numPartitions === -1 ? broker.defaultPartitions : spec.numPartitions;
  if (numPartitions <= 0) return fail(ErrorCode.INVALID_PARTITIONS, 'Number of partitions must be larger than 0.');
  if (numPartitions > MAX_PARTITIONS_PER_TOPIC) return fail(ErrorCode.INVALID_PARTITIONS, `Number of partitions must be at most ${MAX_PARTITIONS_PER_TOPIC}.`);
  const rf = spec.replicationFactor === -1 ? broker.defaultReplicationFactor : spec.replicationFactor;
  if (rf <= 0) return fail(ErrorCode.INVALID_REPLICATION_FACTOR, 'Replication factor must be larger than 0.');
  if (rf > liveBrokers.length) {
    return fail(ErrorCode.INVALID_REPLICATION_FACTOR, `Unable to replicate the partition ${rf} time(s): The target replication factor of ${rf} cannot be reached because only ${liveBrokers.length} broker(s) are registered.`);
  }
  return { ok: true, resolved: { numPartitions, replicas: stripedReplicas(numPartitions, rf, liveBrokers, 0) } };
}

function validateManualAssignment(spec: CreateTopicSpec, liveBrokers: readonly number[]): ValidationResult {
  if (spec.numPartitions !== -1 || spec.replicationFactor !== -1) {
    return fail(ErrorCode.INVALID_REQUEST, 'Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.');
  }
  if (spec.assignments.length > MAX_PARTITIONS_PER_TOPIC) return fail(ErrorCode.INVALID_PARTITIONS, `Number of partitions must be at most ${MAX_PARTITIONS_PER_TOPIC}.`);
  const problem = assignmentProblem(spec.assignments, liveBrokers);
  if (problem) return fail(ErrorCode.INVALID_REPLICA_ASSIGNMENT, problem);
  return { ok: true, resolved: { numPartitions: spec.assignments.length, replicas: spec.assignments } };
}

export function assignmentProblem(assignments: ReadonlyArray<readonly number[]>, liveBrokers: readonly number[]): string | null {
  for (const [i, replicas] of assignments.entries()) {
    if (replicas.length === 0) return `Partition ${i} has no replicas.`;
    if (new Set(replicas).size !== replicas.length) return `Partition ${i} has duplicate replicas.`;
    const unknown = replicas.find((r) => !liveBrokers.includes(r));
    if (unknown !== undefined) return `Partition ${i} names broker ${unknown}, which is not registered.`;
  }
  return null;
}

/** Replicas striped across brokers, Kafka-style: partition p starts at broker (start + p) and walks on. */
export function stripedReplicas(count: number, rf: number, brokers: readonly number[], firstPartition: number): number[][] {
  const sorted = [...brokers].sort((a, b) => a - b);
  const out: number[][] = [];
  for (let p = firstPartition; p < firstPartition + count; p++) {
    const replicas: number[] = [];
    for (let r = 0; r < rf; r++) replicas.push(sorted[(p + r) % sorted.length] as number);
    out.push(replicas);
  }
  return out;
}
