import { ErrorCode } from '@orderlab/kafka-protocol';
import type { Group } from './group';
import type { GroupContext } from './group-context';
import { removeMemberAndRebalance, tryCompleteJoin } from './rebalance';
import type { LeaveGroupInput, LeaveGroupResult } from './types';

/** LeaveGroup: each named member (by id, or by group.instance.id for static members) leaves; the group rebalances. */
export function leave(ctx: GroupContext, g: Group, input: LeaveGroupInput): LeaveGroupResult {
  const members = input.members.map((who) => ({ ...who, errorCode: leaveOne(ctx, g, who.memberId, who.groupInstanceId) }));
  return { errorCode: ErrorCode.NONE, members };
}

function leaveOne(ctx: GroupContext, g: Group, memberId: string, groupInstanceId: string | null): number {
  if (g.state === 'Dead') return ErrorCode.COORDINATOR_NOT_AVAILABLE;
  let id = memberId;
  if (groupInstanceId !== null) {
    const registered = g.staticMembers.get(groupInstanceId);
    if (registered === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (memberId !== '' && registered !== memberId) return ErrorCode.FENCED_INSTANCE_ID;
    id = registered;
  }
  if (g.pending.delete(id)) {
    tryCompleteJoin(ctx, g); // the join phase may have been waiting only for this one
    return ErrorCode.NONE;
  }
  if (!g.members.has(id)) return ErrorCode.UNKNOWN_MEMBER_ID;
  removeMemberAndRebalance(ctx, g, id, 'left the group (LeaveGroup)');
  return ErrorCode.NONE;
}
