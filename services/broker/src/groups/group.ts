import { Member } from './member';
import type { CommittedOffset, GroupMetadataSnapshot, GroupStateName, GroupView } from './types';

/** A pending member got its id from MEMBER_ID_REQUIRED and must rejoin before this time. */
interface PendingMember {
  readonly expiresAt: number;
}

const offsetKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

/**
 * The state of one classic group, owned by the coordinator. Phase logic (join, sync,
 * heartbeat, leave, offsets) lives in its own files and works on this object.
 */
export class Group {
  state: GroupStateName = 'Empty';
  generationId = 0;
  protocolType = '';
  protocolName: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, Member>();
  readonly pending = new Map<string, PendingMember>();
  /** group.instance.id → current member id of that static member. */
  readonly staticMembers = new Map<string, string>();
  readonly offsets = new Map<string, { topic: string; partition: number } & CommittedOffset>();
  /** When the current join phase gives up on members that did not rejoin. */
  rebalanceDeadline = 0;
  /** Kafka's InitialDelayedJoin: the first rebalance of an empty group waits this long for more joiners. */
  initialDelayUntil = 0;
  stateTimestamp: number;
  /**
   * The group metadata last written to __consumer_offsets: always a completed generation or
   * the group emptied (Kafka writes nothing else). Snapshots carry this, never the live state.
   */
  persisted: GroupMetadataSnapshot | null = null;

  constructor(
    readonly groupId: string,
    now: number,
  ) {
    this.stateTimestamp = now;
  }

  transition(state: GroupStateName, now: number): void {
    this.state = state;
    this.stateTimestamp = now;
  }

  addMember(m: Member): void {
    this.members.set(m.memberId, m);
    if (m.groupInstanceId !== null) this.staticMembers.set(m.groupInstanceId, m.memberId);
    if (this.members.size === 1 && this.state === 'Empty') this.protocolType = m.protocolType;
    if (this.leaderId === null) this.leaderId = m.memberId;
  }

  removeMember(memberId: string): Member | undefined {
    const m = this.members.get(memberId);
    if (!m) return undefined;
    this.members.delete(memberId);
    if (m.groupInstanceId !== null && this.staticMembers.get(m.groupInstanceId) === memberId) this.staticMembers.delete(m.groupInstanceId);
    if (this.leaderId === memberId) this.leaderId = this.members.keys().next().value ?? null;
    return m;
  }

  /** A static member restarted: the same member under a new id, keeping its assignment. */
  replaceMemberId(oldId: string, newId: string): Member {
    const m = this.members.get(oldId) as Member;
    this.members.delete(oldId);
    m.memberId = newId;
    this.members.set(newId, m);
    if (m.groupInstanceId !== null) this.staticMembers.set(m.groupInstanceId, newId);
    if (this.leaderId === oldId) this.leaderId = newId;
    return m;
  }

  maxRebalanceTimeoutMs(): number {
    let max = 0;
    for (const m of this.members.values()) max = Math.max(max, m.rebalanceTimeoutMs);
    return max;
  }

  allMembersJoined(): boolean {
    for (const m of this.members.values()) if (!m.awaitingJoin) return false;
    return this.pending.size === 0;
  }

  getOffset(topic: string, partition: number): ({ topic: string; partition: number } & CommittedOffset) | undefined {
    return this.offsets.get(offsetKey(topic, partition));
  }

  setOffset(topic: string, partition: number, value: CommittedOffset | null): void {
    if (value === null) this.offsets.delete(offsetKey(topic, partition));
    else this.offsets.set(offsetKey(topic, partition), { topic, partition, ...value });
  }

  snapshot(): GroupMetadataSnapshot {
    return {
      protocolType: this.protocolType,
      generation: this.generationId,
      protocol: this.protocolName,
      leader: this.leaderId,
      currentStateTimestamp: this.stateTimestamp,
      members: [...this.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        rebalanceTimeout: m.rebalanceTimeoutMs,
        sessionTimeout: m.sessionTimeoutMs,
        subscription: this.protocolName === null ? Buffer.alloc(0) : m.metadataFor(this.protocolName),
        assignment: m.assignment,
      })),
    };
  }

  /**
   * Rebuild from persisted metadata, as Kafka's loadGroup does: it is a completed generation, so
   * the members come back Stable with their assignments and fresh sessions.
   */
  restore(s: GroupMetadataSnapshot, now: number): void {
    this.persisted = s;
    this.members.clear();
    this.staticMembers.clear();
    this.protocolType = s.protocolType;
    this.generationId = s.generation;
    this.protocolName = s.protocol;
    this.leaderId = s.leader;
    for (const sm of s.members) {
      const protocols = this.protocolName === null ? [] : [{ name: this.protocolName, metadata: sm.subscription }];
      const m = new Member(sm.memberId, sm.groupInstanceId, sm.clientId, sm.clientHost, sm.sessionTimeout, sm.rebalanceTimeout, s.protocolType, protocols, now);
      m.assignment = sm.assignment;
      this.members.set(m.memberId, m);
      if (m.groupInstanceId !== null) this.staticMembers.set(m.groupInstanceId, m.memberId);
    }
    this.transition(this.members.size > 0 ? 'Stable' : 'Empty', now);
    // An empty group's offsets expire counting from when it became empty, across restarts too.
    if (s.currentStateTimestamp >= 0) this.stateTimestamp = s.currentStateTimestamp;
  }

  view(): GroupView {
    const protocol = this.protocolName ?? '';
    return {
      groupId: this.groupId,
      state: this.state,
      protocolType: this.protocolType,
      protocol: this.state === 'Stable' || this.state === 'CompletingRebalance' ? protocol : '',
      generationId: this.generationId,
      leader: this.leaderId ?? '',
      members: [...this.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: m.metadataFor(protocol),
        assignment: m.assignment,
      })),
      offsets: [...this.offsets.values()].sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1)),
    };
  }
}
