import { ErrorCode } from '@orderlab/kafka-protocol';
import type { Group } from './group';
import type { GroupContext } from './group-context';
import { Member } from './member';
import { commonProtocols, selectProtocol } from './protocol-selection';
import { extendInitialDelay, joinResultFor, prepareRebalance, tryCompleteJoin } from './rebalance';
import { groupStoreError } from './storage-errors';
import type { JoinGroupInput, JoinGroupResult, ProtocolOffer } from './types';

type Respond = (r: JoinGroupResult) => void;

export function joinError(errorCode: number, memberId = ''): JoinGroupResult {
  return { errorCode, generationId: -1, protocolType: null, protocolName: null, leader: '', memberId, members: [] };
}

/** Kafka's rule: a joiner must share the group's protocol type and at least one protocol with every member. */
function consistentProtocols(g: Group, input: JoinGroupInput): boolean {
  if (input.protocolType === '' || input.protocols.length === 0) return false;
  if (g.members.size === 0) return true;
  return input.protocolType === g.protocolType && commonProtocols(g.members.values(), input.protocols).size > 0;
}

/** JoinGroup: route to the unknown-member, static-member or known-member path. */
export function join(ctx: GroupContext, g: Group, input: JoinGroupInput, respond: Respond): void {
  if (g.state === 'Dead') return respond(joinError(ErrorCode.COORDINATOR_NOT_AVAILABLE, input.memberId));
  const known = g.members.get(input.memberId);
  const sameMetadata = known?.protocolType === input.protocolType && known.sameProtocols(input.protocols);
  if (!sameMetadata && !consistentProtocols(g, input)) return respond(joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, input.memberId));
  if (input.memberId === '') {
    if (input.groupInstanceId !== null) return joinStatic(ctx, g, input, respond);
    return joinUnknown(ctx, g, input, respond);
  }
  if (g.pending.has(input.memberId)) {
    g.pending.delete(input.memberId);
    return addAndRebalance(ctx, g, input, input.memberId, respond);
  }
  if (!known) return respond(joinError(ErrorCode.UNKNOWN_MEMBER_ID, input.memberId));
  if (input.groupInstanceId !== null && g.staticMembers.get(input.groupInstanceId) !== input.memberId) {
    return respond(joinError(ErrorCode.FENCED_INSTANCE_ID, input.memberId));
  }
  joinKnown(ctx, g, known, input, respond);
}

function joinUnknown(ctx: GroupContext, g: Group, input: JoinGroupInput, respond: Respond): void {
  if (g.members.size + g.pending.size >= ctx.config.maxGroupSize) return respond(joinError(ErrorCode.GROUP_MAX_SIZE_REACHED));
  const memberId = ctx.newMemberId(input.clientId);
  if (input.requireKnownMemberId) {
    // JoinGroup v4+: hand out the id first; the member is only added when it rejoins with it.
    g.pending.set(memberId, { expiresAt: ctx.clock.now() + input.sessionTimeoutMs });
    return respond(joinError(ErrorCode.MEMBER_ID_REQUIRED, memberId));
  }
  addAndRebalance(ctx, g, input, memberId, respond);
}

/** A static member (group.instance.id) joining with an empty member id: new, or a restart of a known one. */
function joinStatic(ctx: GroupContext, g: Group, input: JoinGroupInput, respond: Respond): void {
  const instanceId = input.groupInstanceId as string;
  const oldId = g.staticMembers.get(instanceId);
  if (oldId === undefined) return addAndRebalance(ctx, g, input, ctx.newMemberId(input.clientId), respond);
  const newId = ctx.newMemberId(input.clientId);
  const leaderBefore = g.leaderId;
  const old = g.members.get(oldId) as Member;
  const before = { protocols: old.protocols, sessionTimeoutMs: old.sessionTimeoutMs, rebalanceTimeoutMs: old.rebalanceTimeoutMs };
  // The previous incarnation's parked requests are answered: it has been replaced.
  old.joinWaiter?.(joinError(ErrorCode.FENCED_INSTANCE_ID, oldId));
  old.joinWaiter = null;
  old.syncWaiter?.({ errorCode: ErrorCode.FENCED_INSTANCE_ID, protocolType: g.protocolType, protocolName: g.protocolName, assignment: Buffer.alloc(0) });
  old.syncWaiter = null;
  const m = g.replaceMemberId(oldId, newId);
  m.lastHeartbeat = ctx.clock.now();
  updateMember(m, input);
  m.joinWaiter = respond;
  ctx.logger.info({ group: g.groupId, instance: instanceId, oldMember: oldId, member: newId }, `static member ${instanceId} of group ${g.groupId} rejoined as ${newId}, replacing ${oldId}`);
  if (g.state === 'Stable' && selectProtocol([...g.members.values()]) === g.protocolName) {
    return keepStaticMemberInPlace(ctx, g, m, { oldId, leaderBefore, ...before }, respond);
  }
  // Stable with a changed protocol choice, or CompletingRebalance (the leader may be assigning
  // to the old id): Kafka rebalances. In PreparingRebalance the member just waits for the join.
  if (g.state !== 'PreparingRebalance') prepareRebalance(ctx, g, `static member ${instanceId} rejoined as ${newId} in state ${g.state}`);
  tryCompleteJoin(ctx, g);
}

interface ReplacedStatic {
  readonly oldId: string;
  readonly leaderBefore: string | null;
  readonly protocols: readonly ProtocolOffer[];
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
}

/**
 * KIP-345: a restarted static member takes its old place without a rebalance; the group
 * keeps its generation and the member gets its old assignment from SyncGroup. As Kafka does
 * for JoinGroup < v9, the answer names the previous leader id and no member list, so a
 * restarted leader does not run a (pointless) assignment. The new id is made durable first;
 * if that fails the replacement is undone.
 */
function keepStaticMemberInPlace(ctx: GroupContext, g: Group, m: Member, was: ReplacedStatic, respond: Respond): void {
  ctx.logger.info({ group: g.groupId, member: m.memberId }, `static member ${m.memberId} of group ${g.groupId} keeps its assignment: no rebalance`);
  ctx.persistGroup(g, (errorCode) => {
    if (m.joinWaiter !== respond) return; // a rebalance started meanwhile and answered it
    m.joinWaiter = null;
    if (errorCode === ErrorCode.NONE) return respond({ ...joinResultFor(g, m.memberId), leader: was.leaderBefore ?? '', members: [] });
    if (g.members.get(m.memberId) === m) {
      m.protocols = was.protocols;
      m.sessionTimeoutMs = was.sessionTimeoutMs;
      m.rebalanceTimeoutMs = was.rebalanceTimeoutMs;
      g.replaceMemberId(m.memberId, was.oldId);
    }
    respond(joinError(groupStoreError(errorCode)));
  });
}

function joinKnown(ctx: GroupContext, g: Group, m: Member, input: JoinGroupInput, respond: Respond): void {
  const unchanged = m.sameProtocols(input.protocols);
  m.lastHeartbeat = ctx.clock.now();
  if (g.state === 'PreparingRebalance') {
    updateMember(m, input);
    m.joinWaiter = respond;
    return tryCompleteJoin(ctx, g);
  }
  if (g.state === 'CompletingRebalance' && unchanged) return respond(joinResultFor(g, m.memberId));
  if (g.state === 'Stable' && unchanged && g.leaderId !== m.memberId) return respond(joinResultFor(g, m.memberId));
  updateMember(m, input);
  m.joinWaiter = respond;
  prepareRebalance(ctx, g, unchanged ? `leader ${m.memberId} rejoined` : `member ${m.memberId} changed its protocols`);
  tryCompleteJoin(ctx, g);
}

function addAndRebalance(ctx: GroupContext, g: Group, input: JoinGroupInput, memberId: string, respond: Respond): void {
  const m = new Member(memberId, input.groupInstanceId, input.clientId, input.clientHost, input.sessionTimeoutMs, input.rebalanceTimeoutMs, input.protocolType, input.protocols, ctx.clock.now());
  m.joinWaiter = respond;
  g.addMember(m);
  if (g.state === 'PreparingRebalance') extendInitialDelay(ctx, g);
  else prepareRebalance(ctx, g, `adding new member ${memberId}${input.groupInstanceId ? ` (static ${input.groupInstanceId})` : ''}`);
  tryCompleteJoin(ctx, g);
}

function updateMember(m: Member, input: JoinGroupInput): void {
  m.protocols = input.protocols;
  m.protocolType = input.protocolType;
  m.sessionTimeoutMs = input.sessionTimeoutMs;
  m.rebalanceTimeoutMs = input.rebalanceTimeoutMs;
  m.clientId = input.clientId;
  m.clientHost = input.clientHost;
}
