import { ErrorCode } from '@orderlab/kafka-protocol';
import type { Group } from './group';
import type { GroupContext } from './group-context';
import { memberCheck } from './sync';
import type { HeartbeatInput } from './types';

/** Heartbeat keeps a member's session alive and tells it when to rejoin (REBALANCE_IN_PROGRESS). */
export function heartbeat(ctx: GroupContext, g: Group, input: HeartbeatInput): number {
  if (g.state === 'Empty') return ErrorCode.UNKNOWN_MEMBER_ID;
  const problem = memberCheck(g, input.memberId, input.groupInstanceId, input.generationId);
  if (problem !== ErrorCode.NONE) return problem;
  const m = g.members.get(input.memberId);
  if (m) m.lastHeartbeat = ctx.clock.now();
  return g.state === 'PreparingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
}
