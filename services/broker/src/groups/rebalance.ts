import { ErrorCode } from '@orderlab/kafka-protocol';
import type { Group } from './group';
import type { GroupContext } from './group-context';
import { selectProtocol } from './protocol-selection';

/**
 * The join barrier. A rebalance moves the group to PreparingRebalance; it completes when
 * every member has rejoined (or the rebalance timeout removes those that did not), bumping
 * the generation and answering every parked JoinGroup.
 */
export function prepareRebalance(ctx: GroupContext, g: Group, reason: string): void {
  const now = ctx.clock.now();
  if (g.state === 'CompletingRebalance') failParkedSyncs(g);
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
  if (g.allMembersJoined()) completeJoin(ctx, g);
  else if (now >= g.rebalanceDeadline) {
    for (const m of [...g.members.values()]) {
      if (m.awaitingJoin) continue;
      g.removeMember(m.memberId);
      ctx.logger.info({ group: g.groupId, member: m.memberId }, `member ${m.memberId} of group ${g.groupId} removed: it did not rejoin within the rebalance timeout`);
    }
    g.pending.clear();
    completeJoin(ctx, g);
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
  if (!g.leaderId || !g.members.has(g.leaderId)) g.leaderId = members[0]?.memberId ?? null;
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

export function joinResultFor(g: Group, memberId: string) {
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

/** Members waiting in SyncGroup when a new rebalance starts must rejoin. */
function failParkedSyncs(g: Group): void {
  for (const m of g.members.values()) {
    const waiter = m.syncWaiter;
    m.syncWaiter = null;
    waiter?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, protocolType: g.protocolType, protocolName: g.protocolName, assignment: Buffer.alloc(0) });
  }
}

/** Remove a member (leave, expiry) and move the group on: rebalance, or finish a pending join. */
export function removeMemberAndRebalance(ctx: GroupContext, g: Group, memberId: string, reason: string): void {
  const m = g.removeMember(memberId);
  if (!m) return;
  m.joinWaiter?.({ ...joinResultFor(g, memberId), errorCode: ErrorCode.UNKNOWN_MEMBER_ID, members: [] });
  m.joinWaiter = null;
  ctx.logger.info({ group: g.groupId, member: memberId, reason }, `member ${memberId} of group ${g.groupId} removed: ${reason}`);
  if (g.state === 'Stable' || g.state === 'CompletingRebalance') prepareRebalance(ctx, g, `member ${memberId} ${reason}`);
  tryCompleteJoin(ctx, g);
}
