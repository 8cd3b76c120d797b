import type { TopicConfigOverrides } from '../topics/topic-config';

/**
 * What the broker knows about the cluster: brokers, topics, partition leadership.
 * The controller quorum's committed metadata log feeds it (KRaftClusterMetadata); the rest of
 * the broker only sees this interface.
 */
export interface BrokerEndpoint {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
}

export interface PartitionAssignment {
  readonly partition: number;
  readonly leader: number;
  readonly leaderEpoch: number;
  /** Bumped on every change of the partition (AlterPartition proposals must name the current one). */
  readonly partitionEpoch: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
}

export interface TopicMetadata {
  readonly name: string;
  readonly topicId: Buffer;
  readonly internal: boolean;
  readonly partitions: readonly PartitionAssignment[];
  readonly configs: TopicConfigOverrides;
}

export interface CreateTopicSpec {
  readonly name: string;
  /** -1 = broker default. */
  readonly numPartitions: number;
  /** -1 = broker default. */
  readonly replicationFactor: number;
  /** Manual assignment: replicas per partition, in partition order (empty = automatic). */
  readonly assignments: ReadonlyArray<readonly number[]>;
  readonly configs: TopicConfigOverrides;
  readonly internal?: boolean;
}

export type AdminOutcome = { readonly errorCode: 0; readonly message?: undefined } | { readonly errorCode: number; readonly message: string };

export type MetadataChange =
  | { readonly type: 'topic-created'; readonly topic: TopicMetadata }
  | { readonly type: 'topic-deleted'; readonly topic: TopicMetadata }
  | { readonly type: 'partitions-added'; readonly topic: TopicMetadata; readonly previousCount: number }
  | { readonly type: 'configs-changed'; readonly topic: TopicMetadata }
  /** Leader, leader epoch, replicas or ISR of some partitions changed (fencing, unfencing, elections). */
  | { readonly type: 'partitions-changed'; readonly topic: TopicMetadata; readonly partitions: readonly number[] };

export interface ClusterMetadata {
  readonly clusterId: string;
  readonly localNodeId: number;
  brokers(): readonly BrokerEndpoint[];
  /** The broker clients send admin and idempotent InitProducerId requests to. */
  controllerId(): number;
  topics(): readonly TopicMetadata[];
  topic(name: string): TopicMetadata | undefined;
  /** `timeoutMs`: the request's own timeout (how long the controller may take), when it has one. */
  createTopic(spec: CreateTopicSpec, validateOnly: boolean, timeoutMs?: number): Promise<AdminOutcome>;
  deleteTopic(name: string, timeoutMs?: number): Promise<AdminOutcome>;
  createPartitions(name: string, totalCount: number, assignments: ReadonlyArray<readonly number[]> | null, validateOnly: boolean, timeoutMs?: number): Promise<AdminOutcome>;
  /** Replace the topic's overrides (AlterConfigs semantics: unspecified configs revert to defaults, except an internal topic's required ones). */
  alterTopicConfigs(name: string, configs: TopicConfigOverrides, validateOnly: boolean): Promise<AdminOutcome>;
  onChange(listener: (change: MetadataChange) => void): void;
}
