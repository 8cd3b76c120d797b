import { ErrorCode } from '@orderlab/kafka-protocol';
import type { Group } from './group';
import type { GroupContext } from './group-context';
import type { Member } from './member';
import { selectProtocol } from './protocol-selection';
import type { JoinGroupResult, SyncGroupResult } from './types';

/**
 * The join barrier. A rebalance moves the group to PreparingRebalance; it completes when
 * every member has rejoined (or the rebalance timeout removes those that did not), bumping
 * the generation and answering every parked JoinGroup.
 */
export function prepareRebalance(ctx: GroupContext, g: Group, reason: string): void {
  const now = ctx.clock.now();
  if (g.state === 'CompletingRebalance') failParkedSyncs(g, now);
  const wasEmpty = g.state === 'Empty';
  g.transition('PreparingRebalance', now);
  g.rebalanceDeadline = now + Math.max(g.maxRebalanceTimeoutMs(), 0);
  g.initialDelayUntil = wasEmpty && ctx.config.initialRebalanceDelayMs > 0 ? Math.min(now + ctx.config.initialRebalanceDelayMs, g.rebalanceDeadline) : 0;
  ctx.logger.info({ group: g.groupId, generation: g.generationId, reason }, `preparing to rebalance group ${g.groupId}: ${reason}`);
}

/** A new member joined during the initial delay: wait a little longer for more (bounded by the rebalance timeout). */
export function extendInitialDelay(ctx: GroupContext, g: Group): void {
  if (g.initialDelayUntil === 0) return;
  g.initialDelayUntil = Math.min(ctx.clock.now() + ctx.config.initialRebalanceDelayMs, g.rebalanceDeadline);
}

export function tryCompleteJoin(ctx: GroupContext, g: Group): void {
  if (g.state !== 'PreparingRebalance') return;
  const now = ctx.clock.now();
  if (g.initialDelayUntil > now) return;
  if (g.allMembersJoined()) return completeJoin(ctx, g);
  if (now < g.rebalanceDeadline) return;
  dropDynamicMembersThatDidNotRejoin(ctx, g);
  if (g.members.size > 0 && ![...g.members.values()].some((m) => m.awaitingJoin)) {
    // Kafka's onCompleteJoin: only absent static members are left. Wait another rebalance
    // timeout rather than form a generation nobody is waiting for; their sessions will expire.
    g.rebalanceDeadline = now + g.maxRebalanceTimeoutMs();
    ctx.logger.warn({ group: g.groupId }, `group ${g.groupId} could not complete its rebalance because no member rejoined; waiting longer`);
    return;
  }
  completeJoin(ctx, g);
}

/**
 * The rebalance timeout ran out. Dynamic members that did not rejoin are gone for good;
 * static members stay (Kafka, KIP-345), since they come back under their instance id and
 * only their session timeout removes them.
 */
function dropDynamicMembersThatDidNotRejoin(ctx: GroupContext, g: Group): void {
  for (const m of [...g.members.values()]) {
    if (m.awaitingJoin || m.isStatic) continue;
    g.removeMember(m.memberId);
    ctx.logger.info({ group: g.groupId, member: m.memberId }, `member ${m.memberId} of group ${g.groupId} removed: it did not rejoin within the rebalance timeout`);
  }
}

function completeJoin(ctx: GroupContext, g: Group): void {
  const now = ctx.clock.now();
  g.generationId++;
  g.initialDelayUntil = 0;
  if (g.members.size === 0) {
    g.protocolName = null;
    g.leaderId = null;
    g.transition('Empty', now);
    ctx.logger.info({ group: g.groupId, generation: g.generationId }, `group ${g.groupId} is now empty (generation ${g.generationId})`);
    ctx.persistGroup(g, () => undefined);
    return;
  }
  const members = [...g.members.values()];
  g.protocolName = selectProtocol(members);
  electJoinedLeader(g, members);
  g.transition('CompletingRebalance', now);
  ctx.logger.info(
    { group: g.groupId, generation: g.generationId, protocol: g.protocolName, leader: g.leaderId, members: members.length },
    `group ${g.groupId} rebalanced: generation ${g.generationId}, protocol ${g.protocolName}, ${members.length} member(s), leader ${g.leaderId}`,
  );
  for (const m of members) {
    const waiter = m.joinWaiter;
    m.joinWaiter = null;
    m.lastHeartbeat = now;
    waiter?.(joinResultFor(g, m.memberId));
  }
}

/** Kafka's maybeElectNewJoinedLeader: keep the leader if it rejoined, else the first member that did. */
function electJoinedLeader(g: Group, members: readonly Member[]): void {
  const current = g.leaderId === null ? undefined : g.members.get(g.leaderId);
  if (current?.awaitingJoin) return;
  g.leaderId = (members.find((m) => m.awaitingJoin) ?? members[0])?.memberId ?? null;
}

export function joinResultFor(g: Group, memberId: string): JoinGroupResult {
  const isLeader = g.leaderId === memberId;
  const protocol = g.protocolName ?? '';
  return {
    errorCode: ErrorCode.NONE,
    generationId: g.generationId,
    protocolType: g.protocolType,
    protocolName: g.protocolName,
    leader: g.leaderId ?? '',
    memberId,
    members: isLeader ? [...g.members.values()].map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: m.metadataFor(protocol) })) : [],
  };
}

export function syncError(g: Group, errorCode: number): SyncGroupResult {
  return { errorCode, protocolType: g.protocolType || null, protocolName: g.protocolName, assignment: Buffer.alloc(0) };
}

/**
 * Members waiting in SyncGroup when a new rebalance starts must rejoin. Their sessions
 * restart now (Kafka's propagateAssignment): while parked they could not heartbeat.
 */
function failParkedSyncs(g: Group, now: number): void {
  for (const m of g.members.values()) {
    const waiter = m.syncWaiter;
    if (!waiter) continue;
    m.syncWaiter = null;
    m.lastHeartbeat = now;
    waiter(syncError(g, ErrorCode.REBALANCE_IN_PROGRESS));
  }
}

/** Remove a member (leave, expiry) and move the group on: rebalance, or finish a pending join. */
export function removeMemberAndRebalance(ctx: GroupContext, g: Group, memberId: string, reason: string): void {
  const m = g.removeMember(memberId);
  if (!m) return;
  // Every parked request gets exactly one answer, even when its member is gone.
  m.joinWaiter?.({ ...joinResultFor(g, memberId), errorCode: ErrorCode.UNKNOWN_MEMBER_ID, members: [] });
  m.joinWaiter = null;
  m.syncWaiter?.(syncError(g, ErrorCode.UNKNOWN_MEMBER_ID));
  m.syncWaiter = null;
  ctx.logger.info({ group: g.groupId, member: memberId, reason }, `member ${memberId} of group ${g.groupId} removed: ${reason}`);
  if (g.state === 'Stable' || g.state === 'CompletingRebalance') prepareRebalance(ctx, g, `member ${memberId} ${reason}`);
  tryCompleteJoin(ctx, g);
}
