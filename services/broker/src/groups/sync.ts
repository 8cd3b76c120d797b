import { ErrorCode } from '@orderlab/kafka-protocol';
import type { Group } from './group';
import type { GroupContext } from './group-context';
import { prepareRebalance } from './rebalance';
import { groupStoreError } from './storage-errors';
import type { SyncGroupInput, SyncGroupResult } from './types';

type Respond = (r: SyncGroupResult) => void;

function syncResult(g: Group, errorCode: number, assignment: Buffer = Buffer.alloc(0)): SyncGroupResult {
  return { errorCode, protocolType: g.protocolType || null, protocolName: g.protocolName, assignment };
}

/** Checks shared by SyncGroup and Heartbeat: membership, static identity, generation. */
export function memberCheck(g: Group, memberId: string, groupInstanceId: string | null, generationId: number): number {
  if (g.state === 'Dead') return ErrorCode.COORDINATOR_NOT_AVAILABLE;
  if (!g.members.has(memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
  if (groupInstanceId !== null && g.staticMembers.get(groupInstanceId) !== memberId) return ErrorCode.FENCED_INSTANCE_ID;
  if (generationId !== g.generationId) return ErrorCode.ILLEGAL_GENERATION;
  return ErrorCode.NONE;
}

/**
 * SyncGroup: followers wait for the leader's assignments; once they arrive (and the group
 * metadata is durable) everyone gets its own share and the group is Stable.
 */
export function sync(ctx: GroupContext, g: Group, input: SyncGroupInput, respond: Respond): void {
  const problem = memberCheck(g, input.memberId, input.groupInstanceId, input.generationId);
  if (problem !== ErrorCode.NONE) return respond(syncResult(g, problem));
  const m = g.members.get(input.memberId);
  if (!m) return respond(syncResult(g, ErrorCode.UNKNOWN_MEMBER_ID));
  m.lastHeartbeat = ctx.clock.now();
  if (g.state === 'PreparingRebalance') return respond(syncResult(g, ErrorCode.REBALANCE_IN_PROGRESS));
  if (g.state === 'Stable') return respond(syncResult(g, ErrorCode.NONE, m.assignment));
  if (g.state !== 'CompletingRebalance') return respond(syncResult(g, ErrorCode.UNKNOWN_MEMBER_ID));
  m.syncWaiter = respond;
  if (g.leaderId === input.memberId) applyLeaderAssignments(ctx, g, input);
}

function applyLeaderAssignments(ctx: GroupContext, g: Group, input: SyncGroupInput): void {
  const byMember = new Map(input.assignments.map((a) => [a.memberId, a.assignment]));
  for (const member of g.members.values()) member.assignment = byMember.get(member.memberId) ?? Buffer.alloc(0);
  const generation = g.generationId;
  ctx.persistGroup(g, (errorCode) => {
    if (g.state !== 'CompletingRebalance' || g.generationId !== generation) return; // a newer rebalance took over
    if (errorCode !== ErrorCode.NONE) {
      // Kafka: the assignment is void if it is not durable; tell everyone and start over.
      for (const member of g.members.values()) member.assignment = Buffer.alloc(0);
      answerParkedSyncs(g, groupStoreError(errorCode), ctx.clock.now());
      ctx.logger.warn({ group: g.groupId, generation, errorCode }, `could not store the assignment of group ${g.groupId} (error ${errorCode}), rebalancing`);
      prepareRebalance(ctx, g, `error ${errorCode} when storing the group assignment during SyncGroup`);
      return;
    }
    g.transition('Stable', ctx.clock.now());
    ctx.logger.info({ group: g.groupId, generation }, `group ${g.groupId} is stable at generation ${generation}`);
    answerParkedSyncs(g, ErrorCode.NONE, ctx.clock.now());
  });
}

/** Answer every parked SyncGroup; their sessions restart now, as Kafka's propagateAssignment does. */
function answerParkedSyncs(g: Group, errorCode: number, now: number): void {
  for (const member of g.members.values()) {
    const waiter = member.syncWaiter;
    if (!waiter) continue;
    member.syncWaiter = null;
    member.lastHeartbeat = now;
    waiter(syncResult(g, errorCode, errorCode === ErrorCode.NONE ? member.assignment : Buffer.alloc(0)));
  }
}
