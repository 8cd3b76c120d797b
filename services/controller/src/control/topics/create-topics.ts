import { ErrorCode, type CreateTopicsRequest, type MessageOf } from '@orderlab/kafka-protocol';
import {
  ConfigResourceType,
  ZERO_UUID,
  activeBrokerIds,
  collidingTopic,
  metadataRecord,
  requiredConfigViolation,
  requiredConfigs,
  topicConfigsProblem,
  topicNameProblem,
  uuidFromString,
  uuidToString,
  type MetadataImage,
} from '@orderlab/metadata';
import type { ControlConfig } from '../control-config';
import { apiError, type ApiError, type ControlResult } from '../control-result';
import { newPartitionRecord } from '../partitions/new-partition';
import { StagedChanges } from '../staged-changes';
import { placeReplicas } from './placement';
import { assignmentProblem } from './replica-assignment';

export type CreatableTopic = MessageOf<typeof CreateTopicsRequest>['topics'][number];

/** A CreatableTopicResult: topicId is all zeros and the counts -1 unless the topic was (or, validate-only, would be) created. */
export interface CreatableTopicResult extends ApiError {
  readonly name: string;
  readonly topicId: Buffer;
  readonly numPartitions: number;
  readonly replicationFactor: number;
}

export interface CreateTopicsContext {
  readonly config: ControlConfig;
  readonly random: () => number;
  readonly newUuid: () => Buffer;
}

/** A topic larger than this is refused: each partition is a directory of files, and one request must not exhaust them. */
export const MAX_PARTITIONS_PER_TOPIC = 10_000;

const fail = (name: string, error: ApiError): CreatableTopicResult => ({ name, topicId: uuidFromString(ZERO_UUID), numPartitions: -1, replicationFactor: -1, ...error });

/**
 * CreateTopics (ReplicationControlManager.createTopics with the validation and messages the
 * broker used so far): per topic, a TopicRecord, its ConfigRecords, then one PartitionRecord per
 * partition — all topics of the request in one atomic batch. validateOnly answers the same
 * without records. A name given twice is INVALID_REQUEST and creates neither.
 */
export function createTopics(image: MetadataImage, topics: readonly CreatableTopic[], validateOnly: boolean, ctx: CreateTopicsContext): ControlResult<CreatableTopicResult[]> {
  const staged = new StagedChanges(image);
  const counts = new Map<string, number>();
  for (const t of topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
  const results: CreatableTopicResult[] = [];
  const reported = new Set<string>();
  for (const topic of topics) {
    if (reported.has(topic.name)) continue;
    reported.add(topic.name);
    results.push((counts.get(topic.name) ?? 0) > 1 ? fail(topic.name, apiError(ErrorCode.INVALID_REQUEST, 'Duplicate topic name.')) : createTopic(staged, topic, ctx));
  }
  return { records: validateOnly ? [] : staged.records, response: results };
}

function createTopic(staged: StagedChanges, topic: CreatableTopic, ctx: CreateTopicsContext): CreatableTopicResult {
  const image = staged.image;
  const nameProblem = topicNameProblem(topic.name);
  if (nameProblem) return fail(topic.name, apiError(ErrorCode.INVALID_TOPIC_EXCEPTION, nameProblem));
  if (image.topicIdsByName.has(topic.name)) return fail(topic.name, apiError(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${topic.name}' already exists.`));
  const collision = collidingTopic(image, topic.name);
  if (collision) return fail(topic.name, apiError(ErrorCode.INVALID_TOPIC_EXCEPTION, `Topic '${topic.name}' collides with existing topic: ${collision}`));
  const configs = creationConfigs(topic);
  if (!configs.ok) return fail(topic.name, configs.error);
  const replicas = resolveReplicas(image, topic, ctx);
  if (!replicas.ok) return fail(topic.name, replicas.error);
  const topicId = freshTopicId(image, ctx.newUuid);
  if (!topicId) return fail(topic.name, apiError(ErrorCode.UNKNOWN_SERVER_ERROR, 'Could not draw an unused topic id.'));
  staged.add(metadataRecord('Topic', { name: topic.name, topicId }));
  for (const [name, value] of [...configs.value].sort(([a], [b]) => (a < b ? -1 : 1))) {
    staged.add(metadataRecord('Config', { resourceType: ConfigResourceType.TOPIC, resourceName: topic.name, name, value }));
  }
  replicas.value.forEach((r, p) => staged.add(newPartitionRecord(staged.image, topicId, p, r, ctx.config.initialIsr)));
  return { name: topic.name, topicId, numPartitions: replicas.value.length, replicationFactor: replicas.value[0]?.length ?? -1, errorCode: 0, errorMessage: null };
}

type Resolved<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** The topic's overrides: no null values, internal topics' required settings present and unchanged, every value valid. */
function creationConfigs(topic: CreatableTopic): Resolved<Map<string, string>> {
  const nulls = topic.configs.filter((c) => c.value === null).map((c) => c.name);
  if (nulls.length > 0) return { ok: false, error: apiError(ErrorCode.INVALID_CONFIG, `Null value not supported for topic configs: ${nulls.join(',')}`) };
  const given = new Map(topic.configs.map((c) => [c.name, c.value ?? '']));
  const violation = requiredConfigViolation(topic.name, given);
  if (violation) return { ok: false, error: apiError(ErrorCode.POLICY_VIOLATION, violation) };
  const configs = new Map([...given, ...requiredConfigs(topic.name)]);
  const problem = topicConfigsProblem(configs);
  return problem ? { ok: false, error: apiError(ErrorCode.INVALID_CONFIG, problem) } : { ok: true, value: configs };
}

function resolveReplicas(image: MetadataImage, topic: CreatableTopic, ctx: CreateTopicsContext): Resolved<number[][]> {
  if (topic.assignments.length > 0) return manualReplicas(image, topic);
  const numPartitions = topic.numPartitions === -1 ? ctx.config.defaultPartitions : topic.numPartitions;
  const invalidPartitions = (m: string): Resolved<number[][]> => ({ ok: false, error: apiError(ErrorCode.INVALID_PARTITIONS, m) });
  if (numPartitions <= 0) return invalidPartitions('Number of partitions must be larger than 0.');
  if (numPartitions > MAX_PARTITIONS_PER_TOPIC) return invalidPartitions(`Number of partitions must be at most ${MAX_PARTITIONS_PER_TOPIC}.`);
  const rf = topic.replicationFactor === -1 ? ctx.config.defaultReplicationFactor : topic.replicationFactor;
  if (rf <= 0) return { ok: false, error: apiError(ErrorCode.INVALID_REPLICATION_FACTOR, 'Replication factor must be larger than 0.') };
  const active = activeBrokerIds(image);
  const placed = placeReplicas(active, numPartitions, rf, 0, Math.floor(ctx.random() * active.length));
  return placed.ok ? { ok: true, value: placed.replicas } : placed;
}

function manualReplicas(image: MetadataImage, topic: CreatableTopic): Resolved<number[][]> {
  if (topic.numPartitions !== -1 || topic.replicationFactor !== -1) {
    const m = 'Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.';
    return { ok: false, error: apiError(ErrorCode.INVALID_REQUEST, m) };
  }
  if (topic.assignments.length > MAX_PARTITIONS_PER_TOPIC) {
    return { ok: false, error: apiError(ErrorCode.INVALID_PARTITIONS, `Number of partitions must be at most ${MAX_PARTITIONS_PER_TOPIC}.`) };
  }
  const byIndex = new Map<number, number[]>();
  for (const a of topic.assignments) {
    if (byIndex.has(a.partitionIndex)) {
      return { ok: false, error: apiError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `Found multiple manual partition assignments for partition ${a.partitionIndex}`) };
    }
    byIndex.set(a.partitionIndex, a.brokerIds);
  }
  const replicas: number[][] = [];
  for (let p = 0; p < byIndex.size; p++) {
    const r = byIndex.get(p);
    if (!r) return { ok: false, error: apiError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, 'partitions should be a consecutive 0-based integer sequence') };
    const problem = assignmentProblem(image, p, r, replicas[0]?.length);
    if (problem) return { ok: false, error: problem };
    replicas.push(r);
  }
  return { ok: true, value: replicas };
}

function freshTopicId(image: MetadataImage, newUuid: () => Buffer): Buffer | undefined {
  for (let attempt = 0; attempt < 10; attempt++) {
    const id = newUuid();
    const text = uuidToString(id);
    if (id.length === 16 && text !== ZERO_UUID && !image.topicsById.has(text)) return id;
  }
  return undefined;
}
