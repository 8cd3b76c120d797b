import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ErrorCode } from '@orderlab/kafka-protocol';
import type { BrokerConfig } from '../config/broker-config';
import { isInternalTopic, withRequiredConfigs } from '../topics/internal-topics';
import { validateTopicConfigs, type TopicConfigOverrides } from '../topics/topic-config';
import { readFileIfExists, writeFileAtomic } from '../storage/atomic-file';
import type {
  AdminOutcome,
  BrokerEndpoint,
  ClusterMetadata,
  CreateTopicSpec,
  MetadataChange,
  PartitionAssignment,
  TopicMetadata,
} from './cluster-metadata';
import { MAX_PARTITIONS_PER_TOPIC, assignmentProblem, stripedReplicas, validateCreateTopic } from './topic-validation';

interface StoredTopic {
  name: string;
  topicId: string;
  internal: boolean;
  partitions: PartitionAssignment[];
  configs: Record<string, string>;
}

const OK: AdminOutcome = { errorCode: 0 };

/**
 * Single-node metadata: this broker is the only broker, the controller, and the leader of
 * every partition. Topics are kept in <dataDir>/cluster-metadata.json (atomic rewrite).
 */
export class LocalClusterMetadata implements ClusterMetadata {
  private readonly byName = new Map<string, TopicMetadata>();
  private readonly listeners: Array<(c: MetadataChange) => void> = [];
  private readonly file: string;

  constructor(
    readonly clusterId: string,
    private readonly config: BrokerConfig,
    private readonly self: BrokerEndpoint,
  ) {
    this.file = join(config.dataDir, 'cluster-metadata.json');
    this.load();
  }

  get localNodeId(): number {
    return this.self.nodeId;
  }

  brokers(): readonly BrokerEndpoint[] {
    return [this.self];
  }

  controllerId(): number {
    return this.self.nodeId;
  }

  topics(): readonly TopicMetadata[] {
    return [...this.byName.values()];
  }

  topic(name: string): TopicMetadata | undefined {
    return this.byName.get(name);
  }

  onChange(listener: (change: MetadataChange) => void): void {
    this.listeners.push(listener);
  }

  async createTopic(spec: CreateTopicSpec, validateOnly: boolean): Promise<AdminOutcome> {
    const v = validateCreateTopic(spec, this.byName.has(spec.name), [this.self.nodeId], this.config);
    if (!v.ok) return v.outcome;
    const guarded = withRequiredConfigs(spec.name, spec.configs);
    if ('problem' in guarded) return { errorCode: ErrorCode.POLICY_VIOLATION, message: guarded.problem };
    if (validateOnly) return OK;
    const topic: TopicMetadata = {
      name: spec.name,
      topicId: Buffer.from(randomUUID().replace(/-/g, ''), 'hex'),
      internal: spec.internal ?? isInternalTopic(spec.name),
      partitions: v.resolved.replicas.map((replicas, partition) => this.assignment(partition, replicas)),
      configs: guarded.configs,
    };
    this.byName.set(topic.name, topic);
    this.commit({ type: 'topic-created', topic });
    return OK;
  }

  async deleteTopic(name: string): Promise<AdminOutcome> {
    const topic = this.byName.get(name);
    if (!topic) return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message: 'This server does not host this topic-partition.' };
    this.byName.delete(name);
    this.commit({ type: 'topic-deleted', topic });
    return OK;
  }

  async createPartitions(
    name: string,
    totalCount: number,
    assignments: ReadonlyArray<readonly number[]> | null,
    validateOnly: boolean,
  ): Promise<AdminOutcome> {
    const topic = this.byName.get(name);
    if (!topic) return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message: 'This server does not host this topic-partition.' };
    const current = topic.partitions.length;
    if (totalCount <= current) {
      return { errorCode: ErrorCode.INVALID_PARTITIONS, message: `Topic currently has ${current} partitions, which is higher than the requested ${totalCount}.` };
    }
    if (totalCount > MAX_PARTITIONS_PER_TOPIC) return { errorCode: ErrorCode.INVALID_PARTITIONS, message: `Number of partitions must be at most ${MAX_PARTITIONS_PER_TOPIC}.` };
    const added = totalCount - current;
    if (assignments && assignments.length !== added) {
      return { errorCode: ErrorCode.INVALID_REPLICA_ASSIGNMENT, message: `Increasing the number of partitions by ${added} but ${assignments.length} assignments provided.` };
    }
    const problem = assignments ? assignmentProblem(assignments, [this.self.nodeId]) : null;
    if (problem) return { errorCode: ErrorCode.INVALID_REPLICA_ASSIGNMENT, message: problem };
    if (validateOnly) return OK;
    const rf = topic.partitions[0]?.replicas.length ?? 1;
    const replicas = assignments ?? stripedReplicas(added, rf, [this.self.nodeId], current);
    const updated = { ...topic, partitions: [...topic.partitions, ...replicas.map((r, i) => this.assignment(current + i, r))] };
    this.byName.set(name, updated);
    this.commit({ type: 'partitions-added', topic: updated, previousCount: current });
    return OK;
  }

  async alterTopicConfigs(name: string, configs: TopicConfigOverrides, validateOnly: boolean): Promise<AdminOutcome> {
    const topic = this.byName.get(name);
    if (!topic) return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message: 'This server does not host this topic-partition.' };
    const problem = validateTopicConfigs(configs);
    if (problem) return { errorCode: ErrorCode.INVALID_CONFIG, message: problem };
    const guarded = withRequiredConfigs(name, configs);
    if ('problem' in guarded) return { errorCode: ErrorCode.POLICY_VIOLATION, message: guarded.problem };
    if (validateOnly) return OK;
    const updated = { ...topic, configs: guarded.configs };
    this.byName.set(name, updated);
    this.commit({ type: 'configs-changed', topic: updated });
    return OK;
  }

  private assignment(partition: number, replicas: readonly number[]): PartitionAssignment {
    return { partition, leader: replicas[0] ?? -1, leaderEpoch: 0, replicas: [...replicas], isr: [...replicas] };
  }

  private commit(change: MetadataChange): void {
    this.persist();
    for (const l of this.listeners) l(change);
  }

  private persist(): void {
    const topics: StoredTopic[] = this.topics().map((t) => ({
      name: t.name,
      topicId: t.topicId.toString('hex'),
      internal: t.internal,
      partitions: [...t.partitions],
      configs: { ...t.configs },
    }));
    writeFileAtomic(this.file, JSON.stringify({ version: 1, topics }, null, 2));
  }

  private load(): void {
    const text = readFileIfExists(this.file);
    if (text === null) return;
    const stored = JSON.parse(text) as { topics: StoredTopic[] };
    for (const t of stored.topics) {
      this.byName.set(t.name, { ...t, topicId: Buffer.from(t.topicId, 'hex') });
    }
  }
}
