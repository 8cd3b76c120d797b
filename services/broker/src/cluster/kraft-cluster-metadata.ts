import {
  isInternalTopic,
  sortedPartitions,
  sortedTopics,
  unfencedBrokers,
  uuidFromString,
  type MetadataImage,
  type PartitionImage,
  type TopicImage,
} from '@orderlab/metadata';
import { ErrorCode } from '@orderlab/kafka-protocol';
import { withRequiredConfigs } from '../topics/internal-topics';
import type { TopicConfigOverrides } from '../topics/topic-config';
import type { AdminForwarder } from './admin-forwarder';
import type { AdminOutcome, BrokerEndpoint, ClusterMetadata, CreateTopicSpec, MetadataChange, PartitionAssignment, TopicMetadata } from './cluster-metadata';
import { diffImages } from './image-diff';

export interface KRaftMetadataDeps {
  readonly clusterId: string;
  readonly localNodeId: number;
  /** The committed image the follower holds now. */
  readonly image: () => MetadataImage;
  /** Resolves once the image covers everything the controller committed before the call (bounded by the caller). */
  readonly syncPoint: () => Promise<void>;
  readonly forwarder: AdminForwarder;
  /** -1 partitions / replication factor in a request become these (the broker's num.partitions, default.replication.factor). */
  readonly defaultPartitions: number;
  readonly defaultReplicationFactor: number;
  /** How long an admin call waits for its committed change to reach this broker's image. */
  readonly applyWaitMs: number;
  readonly random?: () => number;
}

/**
 * ClusterMetadata over the image replayed from the controller quorum's log. Reads come from the
 * image (Metadata lists unfenced brokers only; ISR exactly as the image has it). Admin calls are
 * forwarded to the active controller and answered once the controller committed them AND this
 * broker's image shows the result (so a client that creates a topic and asks this broker for it
 * at once finds it); the local state changes only by replaying committed records.
 */
export class KRaftClusterMetadata implements ClusterMetadata {
  private readonly listeners: Array<(c: MetadataChange) => void> = [];
  private readonly waiters = new Set<() => void>();
  private cache: { image: MetadataImage; topics: Map<string, TopicMetadata> } | null = null;

  constructor(private readonly deps: KRaftMetadataDeps) {}

  get clusterId(): string {
    return this.deps.clusterId;
  }

  get localNodeId(): number {
    return this.deps.localNodeId;
  }

  brokers(): readonly BrokerEndpoint[] {
    return unfencedBrokers(this.deps.image()).map((b) => {
      const e = b.endpoints.find((x) => x.name === 'PLAINTEXT') ?? b.endpoints[0];
      return { nodeId: b.brokerId, host: e?.host ?? '', port: e?.port ?? -1, rack: b.rack };
    });
  }

  /** Kafka's KRaft brokers name a random live broker as "controller": clients send admin requests there and it forwards. */
  controllerId(): number {
    const live = this.brokers();
    if (live.length === 0) return this.localNodeId;
    const pick = Math.floor((this.deps.random ?? Math.random)() * live.length);
    return (live[pick] ?? live[0])!.nodeId;
  }

  topics(): readonly TopicMetadata[] {
    return [...this.topicMap().values()];
  }

  topic(name: string): TopicMetadata | undefined {
    return this.topicMap().get(name);
  }

  onChange(listener: (change: MetadataChange) => void): void {
    this.listeners.push(listener);
  }

  /** The follower applied a new committed image: tell listeners what changed, wake admin waiters. */
  imageChanged(image: MetadataImage, previous: MetadataImage): void {
    const failures: unknown[] = [];
    for (const change of diffImages(previous, image, toTopicMetadata)) {
      for (const l of this.listeners) {
        // One listener's failure must not keep the others (or later changes) from being applied.
        try {
          l(change);
        } catch (e) {
          failures.push(e);
        }
      }
    }
    for (const w of [...this.waiters]) w();
    if (failures.length > 0) throw failures[0];
  }

  async createTopic(spec: CreateTopicSpec, validateOnly: boolean, timeoutMs?: number): Promise<AdminOutcome> {
    const guarded = withRequiredConfigs(spec.name, spec.configs);
    if ('problem' in guarded) return { errorCode: ErrorCode.POLICY_VIOLATION, message: guarded.problem };
    const resolved = {
      ...spec,
      configs: guarded.configs,
      numPartitions: spec.numPartitions === -1 && spec.assignments.length === 0 ? this.deps.defaultPartitions : spec.numPartitions,
      replicationFactor: spec.replicationFactor === -1 && spec.assignments.length === 0 ? this.defaultReplicationFactor(spec.name) : spec.replicationFactor,
    };
    const result = await this.deps.forwarder.createTopic(resolved, validateOnly, timeoutMs);
    if (result.errorCode === 0 && !validateOnly) await this.awaitApplied(() => this.topic(spec.name) !== undefined);
    return result;
  }

  async deleteTopic(name: string, timeoutMs?: number): Promise<AdminOutcome> {
    const result = await this.deps.forwarder.deleteTopic(name, timeoutMs);
    if (result.errorCode === 0) await this.awaitApplied(() => this.topic(name) === undefined);
    return result;
  }

  async createPartitions(name: string, totalCount: number, assignments: ReadonlyArray<readonly number[]> | null, validateOnly: boolean, timeoutMs?: number): Promise<AdminOutcome> {
    const result = await this.deps.forwarder.createPartitions(name, totalCount, assignments, validateOnly, timeoutMs);
    if (result.errorCode === 0 && !validateOnly) await this.awaitApplied(() => (this.topic(name)?.partitions.length ?? 0) >= totalCount);
    return result;
  }

  async alterTopicConfigs(name: string, asked: TopicConfigOverrides, validateOnly: boolean): Promise<AdminOutcome> {
    // The internal-topic guard of issue 7 runs here, before forwarding, so its POLICY_VIOLATION and
    // message stay the broker's; what is forwarded keeps the required settings an alter left out.
    const guarded = withRequiredConfigs(name, asked);
    if ('problem' in guarded) return { errorCode: ErrorCode.POLICY_VIOLATION, message: guarded.problem };
    const configs = guarded.configs;
    const result = await this.deps.forwarder.alterTopicConfigs(name, configs, validateOnly);
    if (result.errorCode === 0 && !validateOnly) await this.awaitApplied(() => Object.entries(configs).every(([k, v]) => this.topic(name)?.configs[k] === v));
    return result;
  }

  /**
   * __consumer_offsets takes Kafka's offsets.topic.replication.factor (3) capped at the unfenced
   * brokers, so a small cluster can still create it; other topics the broker default.
   */
  private defaultReplicationFactor(name: string): number {
    if (name === '__consumer_offsets') return Math.max(1, Math.min(3, this.brokers().length));
    return this.deps.defaultReplicationFactor;
  }

  /** Waits until `done()` holds on the local image, a sync point passes, or applyWaitMs is up. */
  private awaitApplied(done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const check = (): void => {
        if (done()) finish();
      };
      const timer = setTimeout(finish, this.deps.applyWaitMs);
      this.waiters.add(check);
      void this.deps.syncPoint().then(finish);
    });
  }

  private topicMap(): Map<string, TopicMetadata> {
    const image = this.deps.image();
    if (this.cache?.image === image) return this.cache.topics;
    const topics = new Map(sortedTopics(image).map((t) => [t.name, toTopicMetadata(image, t)]));
    this.cache = { image, topics };
    return topics;
  }
}

export function toTopicMetadata(image: MetadataImage, t: TopicImage): TopicMetadata {
  return {
    name: t.name,
    topicId: uuidFromString(t.id),
    internal: isInternalTopic(t.name),
    partitions: sortedPartitions(t).map(toAssignment),
    configs: Object.fromEntries(image.topicConfigs.get(t.name) ?? new Map()),
  };
}

function toAssignment(p: PartitionImage): PartitionAssignment {
  return { partition: p.partition, leader: p.leader, leaderEpoch: p.leaderEpoch, partitionEpoch: p.partitionEpoch, replicas: p.replicas, isr: p.isr };
}

