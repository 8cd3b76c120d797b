/**
 * Version-independent inputs and outputs of the group coordinator. Handlers map every
 * Kafka request version onto these, and the answers back onto responses.
 */
export type GroupStateName = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

export interface ProtocolOffer {
  readonly name: string;
  readonly metadata: Buffer;
}

export interface JoinGroupInput {
  readonly groupId: string;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly sessionTimeoutMs: number;
  /** JoinGroup v0 has none: the session timeout stands in. */
  readonly rebalanceTimeoutMs: number;
  readonly protocolType: string;
  readonly protocols: readonly ProtocolOffer[];
  /** JoinGroup v4+: an unknown member first gets MEMBER_ID_REQUIRED with its new id. */
  readonly requireKnownMemberId: boolean;
}

export interface JoinGroupResult {
  readonly errorCode: number;
  readonly generationId: number;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly leader: string;
  readonly memberId: string;
  readonly members: ReadonlyArray<{ memberId: string; groupInstanceId: string | null; metadata: Buffer }>;
}

export interface SyncGroupInput {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly assignments: ReadonlyArray<{ memberId: string; assignment: Buffer }>;
}

export interface SyncGroupResult {
  readonly errorCode: number;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly assignment: Buffer;
}

export interface HeartbeatInput {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
}

export interface LeaveGroupInput {
  readonly groupId: string;
  readonly members: ReadonlyArray<{ memberId: string; groupInstanceId: string | null }>;
}

export interface LeaveGroupResult {
  readonly errorCode: number;
  readonly members: ReadonlyArray<{ memberId: string; groupInstanceId: string | null; errorCode: number }>;
}

export interface CommittedOffset {
  readonly offset: number;
  readonly leaderEpoch: number;
  readonly metadata: string;
  readonly commitTimestamp: number;
}

export interface OffsetCommitInput {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly topics: ReadonlyArray<{
    name: string;
    partitions: ReadonlyArray<{ partitionIndex: number; committedOffset: number; committedLeaderEpoch: number; committedMetadata: string | null }>;
  }>;
}

export type PartitionErrors = Array<{ name: string; partitions: Array<{ partitionIndex: number; errorCode: number }> }>;

export interface OffsetFetchInput {
  readonly groupId: string;
  /** null = every partition with a committed offset. */
  readonly topics: ReadonlyArray<{ name: string; partitionIndexes: readonly number[] }> | null;
}

export interface OffsetFetchResult {
  readonly errorCode: number;
  readonly topics: Array<{
    name: string;
    partitions: Array<{ partitionIndex: number; committedOffset: number; committedLeaderEpoch: number; metadata: string; errorCode: number }>;
  }>;
}

export interface OffsetDeleteInput {
  readonly groupId: string;
  readonly topics: ReadonlyArray<{ name: string; partitionIndexes: readonly number[] }>;
}

/** A group-level error comes with no topics, as Kafka answers it. */
export interface OffsetDeleteResult {
  readonly errorCode: number;
  readonly topics: PartitionErrors;
}

export interface MemberView {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly metadata: Buffer;
  readonly assignment: Buffer;
}

export interface GroupView {
  readonly groupId: string;
  readonly state: GroupStateName;
  readonly protocolType: string;
  readonly protocol: string;
  readonly generationId: number;
  readonly leader: string;
  readonly members: MemberView[];
  readonly offsets: Array<{ topic: string; partition: number } & CommittedOffset>;
}

/** A persisted group snapshot: Kafka's GroupMetadataValue. */
export interface GroupMetadataSnapshot {
  readonly protocolType: string;
  readonly generation: number;
  readonly protocol: string | null;
  readonly leader: string | null;
  readonly currentStateTimestamp: number;
  readonly members: ReadonlyArray<{
    memberId: string;
    groupInstanceId: string | null;
    clientId: string;
    clientHost: string;
    rebalanceTimeout: number;
    sessionTimeout: number;
    subscription: Buffer;
    assignment: Buffer;
  }>;
}

/** What the coordinator asks the broker to make durable in __consumer_offsets. */
export type GroupRecord =
  | { readonly kind: 'offset'; readonly group: string; readonly topic: string; readonly partition: number; readonly value: CommittedOffset | null }
  | { readonly kind: 'group'; readonly group: string; readonly value: GroupMetadataSnapshot | null };

export interface GroupPersistence {
  /** Append the records to the group's offsets partition; `done(0)` once durable, else an error code. */
  persist(offsetsPartition: number, records: readonly GroupRecord[], done: (errorCode: number) => void): void;
}

export interface GroupCoordinatorConfig {
  readonly initialRebalanceDelayMs: number;
  readonly minSessionTimeoutMs: number;
  readonly maxSessionTimeoutMs: number;
  readonly maxGroupSize: number;
  readonly offsetsPartitions: number;
  /** offset.metadata.max.bytes */
  readonly maxMetadataBytes: number;
  /** offsets.retention.minutes, in ms. */
  readonly offsetsRetentionMs: number;
}
