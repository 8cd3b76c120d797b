import type { UuidString } from '../uuid';

/**
 * The cluster metadata a controller or broker holds after applying the log up to some offset.
 * Immutable: apply() returns a new image that shares every part it did not change, so an old
 * image stays valid (the controller keeps the committed one beside the uncommitted one).
 * Maps iterate in insertion order, which differs between replay and snapshot load; code that
 * must be order-stable (snapshots, digests, queries) sorts.
 */
export interface MetadataImage {
  readonly brokers: ReadonlyMap<number, BrokerRegistration>;
  readonly topicsById: ReadonlyMap<UuidString, TopicImage>;
  readonly topicIdsByName: ReadonlyMap<string, UuidString>;
  /** Per topic name: config key → value, overrides only (defaults are not stored). */
  readonly topicConfigs: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Per broker id as a string ('' = the cluster-wide default): config key → value. */
  readonly brokerConfigs: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Finalized feature levels, e.g. metadata.version → 14. */
  readonly features: ReadonlyMap<string, number>;
  /** The first producer id of the next block the controller hands out. */
  readonly nextProducerId: number;
  /** Log position of the last record applied (-1 before any). */
  readonly lastAppliedOffset: number;
  readonly lastAppliedEpoch: number;
}

export interface BrokerEndpoint {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly securityProtocol: number;
}

export interface BrokerRegistration {
  readonly brokerId: number;
  readonly incarnationId: UuidString;
  /** The offset of the RegisterBrokerRecord that created this incarnation. */
  readonly brokerEpoch: number;
  readonly endpoints: readonly BrokerEndpoint[];
  readonly rack: string | null;
  readonly fenced: boolean;
  readonly inControlledShutdown: boolean;
}

export interface TopicImage {
  readonly name: string;
  readonly id: UuidString;
  readonly partitions: ReadonlyMap<number, PartitionImage>;
}

export interface PartitionImage {
  readonly topicId: UuidString;
  readonly partition: number;
  /** In preferred order: the first is the preferred leader. */
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  /** NO_LEADER (-1) when offline. */
  readonly leader: number;
  /** Bumped on every leader change (including to and from NO_LEADER). */
  readonly leaderEpoch: number;
  /** Bumped on every change of the partition. */
  readonly partitionEpoch: number;
}

export const EMPTY_IMAGE: MetadataImage = Object.freeze({
  brokers: new Map(),
  topicsById: new Map(),
  topicIdsByName: new Map(),
  topicConfigs: new Map(),
  brokerConfigs: new Map(),
  features: new Map(),
  nextProducerId: 0,
  lastAppliedOffset: -1,
  lastAppliedEpoch: -1,
});
