import { ErrorCode, groupOffsetsPartition } from '@orderlab/kafka-protocol';
import type { Clock, Logger } from '@orderlab/shared';
import { Group } from './group';
import type { GroupContext } from './group-context';
import { heartbeat } from './heartbeat';
import { join, joinError } from './join';
import { leave } from './leave';
import { expiredOffsets, removeOffsets, subscribedTopics, type TopicPartitionRef } from './lifecycle';
import { commitCheck, fetchOffsets, sameErrorForAll } from './offsets';
import { removeMemberAndRebalance, tryCompleteJoin } from './rebalance';
import { offsetStoreError } from './storage-errors';
import { sync } from './sync';
import type {
  GroupCoordinatorConfig,
  GroupPersistence,
  GroupRecord,
  GroupStateName,
  GroupView,
  HeartbeatInput,
  JoinGroupInput,
  JoinGroupResult,
  LeaveGroupInput,
  LeaveGroupResult,
  OffsetCommitInput,
  OffsetDeleteInput,
  OffsetDeleteResult,
  OffsetFetchInput,
  OffsetFetchResult,
  PartitionErrors,
  SyncGroupInput,
  SyncGroupResult,
} from './types';

export interface GroupCoordinatorDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: GroupCoordinatorConfig;
  /** Randomness is passed in: e.g. clientId + '-' + a UUID. */
  readonly newMemberId: (clientId: string) => string;
  readonly persistence: GroupPersistence;
}

/**
 * The classic consumer-group coordinator as a pure state machine: requests and a clock go
 * in, answers (some delayed, through callbacks) and records to persist come out. It serves
 * the groups whose __consumer_offsets partition is loaded here, so when leadership of that
 * partition moves, the coordinator of its groups moves with it.
 */
export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();
  private readonly loaded = new Set<number>();
  private readonly ctx: GroupContext;

  constructor(private readonly deps: GroupCoordinatorDeps) {
    this.ctx = {
      clock: deps.clock,
      logger: deps.logger,
      config: deps.config,
      newMemberId: deps.newMemberId,
      persistGroup: (g, done) => this.persistGroup(g, done),
    };
  }

  partitionFor(groupId: string): number {
    return groupOffsetsPartition(groupId, this.deps.config.offsetsPartitions);
  }

  isCoordinatorFor(groupId: string): boolean {
    return this.loaded.has(this.partitionFor(groupId));
  }

  join(input: JoinGroupInput, respond: (r: JoinGroupResult) => void): void {
    if (input.groupId === '') return respond(joinError(ErrorCode.INVALID_GROUP_ID, input.memberId));
    if (!this.isCoordinatorFor(input.groupId)) return respond(joinError(ErrorCode.NOT_COORDINATOR, input.memberId));
    const { minSessionTimeoutMs, maxSessionTimeoutMs } = this.deps.config;
    if (input.sessionTimeoutMs < minSessionTimeoutMs || input.sessionTimeoutMs > maxSessionTimeoutMs) {
      return respond(joinError(ErrorCode.INVALID_SESSION_TIMEOUT, input.memberId));
    }
    const existing = this.groups.get(input.groupId);
    if (!existing && input.memberId !== '') return respond(joinError(ErrorCode.UNKNOWN_MEMBER_ID, input.memberId));
    join(this.ctx, existing ?? this.create(input.groupId), input, respond);
  }

  sync(input: SyncGroupInput, respond: (r: SyncGroupResult) => void): void {
    const g = this.groups.get(input.groupId);
    const fail = (errorCode: number) => respond({ errorCode, protocolType: null, protocolName: null, assignment: Buffer.alloc(0) });
    if (input.groupId === '') return fail(ErrorCode.INVALID_GROUP_ID);
    if (!this.isCoordinatorFor(input.groupId)) return fail(ErrorCode.NOT_COORDINATOR);
    if (!g) return fail(ErrorCode.UNKNOWN_MEMBER_ID);
    sync(this.ctx, g, input, respond);
  }

  heartbeat(input: HeartbeatInput): number {
    if (input.groupId === '') return ErrorCode.INVALID_GROUP_ID;
    if (!this.isCoordinatorFor(input.groupId)) return ErrorCode.NOT_COORDINATOR;
    const g = this.groups.get(input.groupId);
    return g ? heartbeat(this.ctx, g, input) : ErrorCode.UNKNOWN_MEMBER_ID;
  }

  leave(input: LeaveGroupInput): LeaveGroupResult {
    if (input.groupId === '') return { errorCode: ErrorCode.INVALID_GROUP_ID, members: [] };
    if (!this.isCoordinatorFor(input.groupId)) return { errorCode: ErrorCode.NOT_COORDINATOR, members: [] };
    const g = this.groups.get(input.groupId);
    if (!g) return { errorCode: ErrorCode.NONE, members: input.members.map((m) => ({ ...m, errorCode: ErrorCode.UNKNOWN_MEMBER_ID })) };
    return leave(this.ctx, g, input);
  }

  /** OffsetCommit: answered once the offsets are durable in __consumer_offsets. */
  commitOffsets(input: OffsetCommitInput, respond: (r: PartitionErrors) => void): void {
    if (!this.isCoordinatorFor(input.groupId)) return respond(sameErrorForAll(input, ErrorCode.NOT_COORDINATOR));
    const existing = this.groups.get(input.groupId);
    const problem = commitCheck(existing, input);
    if (problem !== ErrorCode.NONE) return respond(sameErrorForAll(input, problem));
    const g = existing ?? this.create(input.groupId);
    const member = g.members.get(input.memberId);
    if (member) member.lastHeartbeat = this.deps.clock.now();
    const now = this.deps.clock.now();
    const records: GroupRecord[] = [];
    const result = input.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        const metadata = p.committedMetadata ?? '';
        if (Buffer.byteLength(metadata) > this.deps.config.maxMetadataBytes) return { partitionIndex: p.partitionIndex, errorCode: ErrorCode.OFFSET_METADATA_TOO_LARGE };
        records.push({ kind: 'offset', group: g.groupId, topic: t.name, partition: p.partitionIndex, value: { offset: p.committedOffset, leaderEpoch: p.committedLeaderEpoch, metadata, commitTimestamp: now } });
        return { partitionIndex: p.partitionIndex, errorCode: ErrorCode.NONE };
      }),
    }));
    this.persist(g.groupId, records, (errorCode) => {
      // Applied only if the group is still the live one (not deleted or unloaded meanwhile).
      if (errorCode === ErrorCode.NONE && this.groups.get(g.groupId) === g) for (const r of records) if (r.kind === 'offset') g.setOffset(r.topic, r.partition, r.value);
      respond(errorCode === ErrorCode.NONE ? result : sameErrorForAll(input, offsetStoreError(errorCode)));
    });
  }

  fetchOffsets(input: OffsetFetchInput): OffsetFetchResult {
    if (!this.isCoordinatorFor(input.groupId)) return { errorCode: ErrorCode.NOT_COORDINATOR, topics: [] };
    return fetchOffsets(this.groups.get(input.groupId), input);
  }

  listGroups(): Array<{ groupId: string; protocolType: string; state: GroupStateName }> {
    return [...this.groups.values()].map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, state: g.state }));
  }

  /**
   * DescribeGroups: an unknown group is reported as Dead with no error, as Kafka does. Like
   * Kafka's GroupMetadata.summary, protocol, member metadata and assignments are only shown
   * for a Stable group (elsewhere they are stale or not decided yet); describe() shows all.
   */
  describeGroup(groupId: string): { errorCode: number; view: GroupView } {
    const g = this.groups.get(groupId);
    if (!this.isCoordinatorFor(groupId)) return { errorCode: ErrorCode.NOT_COORDINATOR, view: new Group(groupId, 0).view() };
    if (!g) return { errorCode: ErrorCode.NONE, view: { ...new Group(groupId, 0).view(), state: 'Dead' } };
    const view = g.view();
    if (view.state === 'Stable') return { errorCode: ErrorCode.NONE, view };
    const empty = Buffer.alloc(0);
    return { errorCode: ErrorCode.NONE, view: { ...view, protocol: '', members: view.members.map((m) => ({ ...m, metadata: empty, assignment: empty })) } };
  }

  deleteGroups(groupIds: readonly string[], respond: (r: Array<{ groupId: string; errorCode: number }>) => void): void {
    // Answers keep the request's order even though the deletes complete asynchronously.
    const results: Array<{ groupId: string; errorCode: number }> = groupIds.map((groupId) => ({ groupId, errorCode: ErrorCode.NONE }));
    let outstanding = groupIds.length;
    const finish = (i: number, errorCode: number): void => {
      const slot = results[i];
      if (slot) slot.errorCode = errorCode;
      if (--outstanding === 0) respond(results);
    };
    if (outstanding === 0) return respond(results);
    for (const [i, groupId] of groupIds.entries()) {
      const errorCode = this.deleteCheck(groupId);
      if (errorCode !== ErrorCode.NONE) {
        finish(i, errorCode);
        continue;
      }
      const g = this.groups.get(groupId) as Group;
      const tombstones: GroupRecord[] = [...g.offsets.values()].map((o) => ({ kind: 'offset', group: groupId, topic: o.topic, partition: o.partition, value: null }));
      tombstones.push({ kind: 'group', group: groupId, value: null });
      this.persist(groupId, tombstones, (code) => {
        if (code === ErrorCode.NONE) {
          g.transition('Dead', this.deps.clock.now());
          this.groups.delete(groupId);
          this.deps.logger.info({ group: groupId }, `group ${groupId} deleted with its offsets`);
        }
        finish(i, code === ErrorCode.NONE ? code : offsetStoreError(code));
      });
    }
  }

  private deleteCheck(groupId: string): number {
    if (!this.isCoordinatorFor(groupId)) return ErrorCode.NOT_COORDINATOR;
    const g = this.groups.get(groupId);
    if (!g || g.state === 'Dead') return ErrorCode.GROUP_ID_NOT_FOUND;
    if (g.state !== 'Empty') return ErrorCode.NON_EMPTY_GROUP;
    return ErrorCode.NONE;
  }

  /**
   * OffsetDelete (KIP-496): an empty group loses any of its offsets; a consumer group with
   * members only those of topics none of them subscribes to (GROUP_SUBSCRIBED_TO_TOPIC for the
   * rest); any other live group is NON_EMPTY_GROUP. Answered once the tombstones are written.
   */
  deleteOffsets(input: OffsetDeleteInput, respond: (r: OffsetDeleteResult) => void): void {
    const fail = (errorCode: number) => respond({ errorCode, topics: [] });
    if (!this.isCoordinatorFor(input.groupId)) return fail(ErrorCode.NOT_COORDINATOR);
    const g = this.groups.get(input.groupId);
    if (!g || g.state === 'Dead') return fail(ErrorCode.GROUP_ID_NOT_FOUND);
    const subscribed = g.state === 'Empty' ? new Set<string>() : g.protocolType === 'consumer' ? subscribedTopics(g) : undefined;
    if (subscribed === undefined) return fail(ErrorCode.NON_EMPTY_GROUP);
    const inUse = (topic: string) => subscribed === null || subscribed.has(topic);
    const eligible: TopicPartitionRef[] = input.topics.flatMap((t) => (inUse(t.name) ? [] : t.partitionIndexes.map((partition) => ({ topic: t.name, partition }))));
    const answer = (eligibleCode: number): OffsetDeleteResult => ({
      errorCode: ErrorCode.NONE,
      topics: input.topics.map((t) => ({ name: t.name, partitions: t.partitionIndexes.map((partitionIndex) => ({ partitionIndex, errorCode: inUse(t.name) ? ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC : eligibleCode })) })),
    });
    const tombstones = this.removeFrom(g, eligible);
    if (tombstones.length === 0) return respond(answer(ErrorCode.NONE));
    this.persist(g.groupId, tombstones, (errorCode) => respond(answer(errorCode === ErrorCode.NONE ? ErrorCode.NONE : offsetStoreError(errorCode))));
  }

  /** A topic was deleted: its committed offsets go from every group, so a topic created again under its name starts without them. */
  deleteTopicOffsets(topic: string): void {
    this.cleanup((g) => [...g.offsets.values()].filter((o) => o.topic === topic), `topic ${topic} was deleted`);
  }

  /** offsets.retention.minutes: expire offsets, and remove the groups that leaves empty with nothing committed. */
  expireOffsets(): void {
    const now = this.deps.clock.now();
    this.cleanup((g) => expiredOffsets(g, now, this.deps.config.offsetsRetentionMs), 'their retention expired');
  }

  /** Kafka's cleanupGroupMetadata over every group: offsets dropped first, tombstones written after (failures are logged). */
  private cleanup(pick: (g: Group) => readonly TopicPartitionRef[], reason: string): void {
    const byPartition = new Map<number, GroupRecord[]>();
    for (const g of [...this.groups.values()]) {
      const before = g.offsets.size;
      const tombstones = this.removeFrom(g, pick(g));
      if (before > g.offsets.size) this.deps.logger.info({ group: g.groupId, removed: before - g.offsets.size }, `removed ${before - g.offsets.size} committed offset(s) of group ${g.groupId}: ${reason}`);
      if (tombstones.length > 0) byPartition.set(this.partitionFor(g.groupId), [...(byPartition.get(this.partitionFor(g.groupId)) ?? []), ...tombstones]);
    }
    for (const [partition, records] of byPartition) {
      this.deps.persistence.persist(partition, records, (errorCode) => {
        if (errorCode !== ErrorCode.NONE) this.deps.logger.warn({ partition, errorCode }, `could not write ${records.length} tombstone(s) to __consumer_offsets-${partition} (error ${errorCode})`);
      });
    }
  }

  /** Remove offsets of a group; a group left Dead leaves the map (so ticks and snapshots do not grow with them). */
  private removeFrom(g: Group, remove: readonly TopicPartitionRef[]): GroupRecord[] {
    const tombstones = removeOffsets(g, remove, this.deps.clock.now());
    if (g.state === 'Dead') {
      this.groups.delete(g.groupId);
      this.deps.logger.info({ group: g.groupId }, `group ${g.groupId} is empty with no committed offsets: removed (Dead)`);
    }
    return tombstones;
  }

  /** Expire sessions and pending members, end join phases that timed out or finished their initial delay. */
  tick(): void {
    const now = this.deps.clock.now();
    for (const g of this.groups.values()) {
      for (const [id, p] of g.pending) if (p.expiresAt <= now) g.pending.delete(id);
      for (const m of [...g.members.values()]) {
        if (m.expired(now)) removeMemberAndRebalance(this.ctx, g, m.memberId, `failed: session timeout (${m.sessionTimeoutMs} ms) expired without a heartbeat`);
      }
      tryCompleteJoin(this.ctx, g);
    }
  }

  /** Become the coordinator of a partition's groups, rebuilding them from its records (latest value per key wins). */
  loadPartition(partition: number, records: readonly GroupRecord[]): void {
    const now = this.deps.clock.now();
    for (const r of records) {
      if (r.kind === 'offset') {
        const g = this.groups.get(r.group) ?? (r.value ? this.create(r.group) : undefined);
        g?.setOffset(r.topic, r.partition, r.value);
      } else if (r.value === null) {
        this.groups.delete(r.group);
      } else {
        (this.groups.get(r.group) ?? this.create(r.group)).restore(r.value, now);
      }
    }
    this.loaded.add(partition);
    this.deps.logger.info({ partition, groups: this.groupsIn(partition).length }, `loaded consumer groups of __consumer_offsets-${partition}`);
  }

  unloadPartition(partition: number): void {
    this.loaded.delete(partition);
    for (const g of this.groupsIn(partition)) {
      for (const m of g.members.values()) {
        m.joinWaiter?.(joinError(ErrorCode.NOT_COORDINATOR, m.memberId));
        m.syncWaiter?.({ errorCode: ErrorCode.NOT_COORDINATOR, protocolType: null, protocolName: null, assignment: Buffer.alloc(0) });
      }
      this.groups.delete(g.groupId);
    }
  }

  /**
   * The last written value of every key in a partition: what a compacted __consumer_offsets
   * partition would hold. A group in the middle of a rebalance contributes its last completed
   * generation, so a restart never resurrects a half-done one.
   */
  snapshotRecords(partition: number): GroupRecord[] {
    const out: GroupRecord[] = [];
    for (const g of this.groupsIn(partition)) {
      if (g.persisted) out.push({ kind: 'group', group: g.groupId, value: g.persisted });
      for (const o of g.offsets.values()) {
        out.push({ kind: 'offset', group: g.groupId, topic: o.topic, partition: o.partition, value: { offset: o.offset, leaderEpoch: o.leaderEpoch, metadata: o.metadata, commitTimestamp: o.commitTimestamp } });
      }
    }
    return out;
  }

  describe(groupId: string): GroupView | undefined {
    return this.groups.get(groupId)?.view();
  }

  describeAll(): GroupView[] {
    return [...this.groups.values()].map((g) => g.view());
  }

  private groupsIn(partition: number): Group[] {
    return [...this.groups.values()].filter((g) => this.partitionFor(g.groupId) === partition);
  }

  private create(groupId: string): Group {
    const g = new Group(groupId, this.deps.clock.now());
    this.groups.set(groupId, g);
    return g;
  }

  /** Write the group's metadata; it is what snapshots carry from the moment it is in the log (and no longer if the write failed). */
  private persistGroup(g: Group, done: (errorCode: number) => void): void {
    const value = g.snapshot();
    const previous = g.persisted;
    g.persisted = value;
    this.persist(g.groupId, [{ kind: 'group', group: g.groupId, value }], (errorCode) => {
      if (errorCode !== ErrorCode.NONE && g.persisted === value) g.persisted = previous;
      done(errorCode);
    });
  }

  private persist(groupId: string, records: readonly GroupRecord[], done: (errorCode: number) => void): void {
    this.deps.persistence.persist(this.partitionFor(groupId), records, done);
  }
}
