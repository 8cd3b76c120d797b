import { ErrorCode, type CreatePartitionsRequest, type MessageOf } from '@orderlab/kafka-protocol';
import { activeBrokerIds, topicByName, uuidFromString, type MetadataImage } from '@orderlab/metadata';
import type { ControlConfig } from '../control-config';
import { apiError, type ApiError, type ControlResult } from '../control-result';
import { newPartitionRecord } from '../partitions/new-partition';
import { StagedChanges } from '../staged-changes';
import { MAX_PARTITIONS_PER_TOPIC } from './create-topics';
import { placeReplicas } from './placement';
import { assignmentProblem } from './replica-assignment';

export type CreatePartitionsTopic = MessageOf<typeof CreatePartitionsRequest>['topics'][number];

export interface CreatePartitionsTopicResult extends ApiError {
  readonly name: string;
}

/**
 * CreatePartitions (ReplicationControlManager.createPartitions, Kafka's messages): partitions
 * are only ever added; new ones get the replication factor of partition 0, placed over the
 * active brokers from a random start, or the manual assignments given (one per new partition).
 */
export function createPartitions(
  image: MetadataImage,
  topics: readonly CreatePartitionsTopic[],
  validateOnly: boolean,
  ctx: { readonly config: ControlConfig; readonly random: () => number },
): ControlResult<CreatePartitionsTopicResult[]> {
  const staged = new StagedChanges(image);
  const response = topics.map((t) => ({ name: t.name, ...createFor(staged, t, ctx) }));
  return { records: validateOnly ? [] : staged.records, response };
}

function createFor(staged: StagedChanges, t: CreatePartitionsTopic, ctx: { readonly config: ControlConfig; readonly random: () => number }): ApiError {
  const image = staged.image;
  const topic = topicByName(image, t.name);
  if (!topic) return apiError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, 'This server does not host this topic-partition.');
  const current = topic.partitions.size;
  if (t.count === current) return apiError(ErrorCode.INVALID_PARTITIONS, `Topic already has ${current} partition(s).`);
  if (t.count < current) return apiError(ErrorCode.INVALID_PARTITIONS, `The topic ${t.name} currently has ${current} partition(s); ${t.count} would not be an increase.`);
  if (t.count > MAX_PARTITIONS_PER_TOPIC) return apiError(ErrorCode.INVALID_PARTITIONS, `Number of partitions must be at most ${MAX_PARTITIONS_PER_TOPIC}.`);
  const additional = t.count - current;
  if (t.assignments !== null && t.assignments.length !== additional) {
    return apiError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `Attempted to add ${additional} additional partition(s), but only ${t.assignments.length} assignment(s) were specified.`);
  }
  const rf = topic.partitions.get(0)?.replicas.length ?? ctx.config.defaultReplicationFactor;
  const replicas = t.assignments !== null ? t.assignments.map((a) => a.brokerIds) : undefined;
  for (const [i, r] of (replicas ?? []).entries()) {
    const problem = assignmentProblem(image, current + i, r, rf);
    if (problem) return problem;
  }
  const active = activeBrokerIds(image);
  const placed = replicas ? { ok: true as const, replicas } : placeReplicas(active, additional, rf, current, Math.floor(ctx.random() * active.length));
  if (!placed.ok) return placed.error;
  const topicId = uuidFromString(topic.id);
  placed.replicas.forEach((r, i) => staged.add(newPartitionRecord(staged.image, topicId, current + i, r, ctx.config.initialIsr)));
  return { errorCode: 0, errorMessage: null };
}
