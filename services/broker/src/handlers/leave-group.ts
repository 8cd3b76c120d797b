import { LeaveGroupRequest, LeaveGroupResponse } from '@orderlab/kafka-protocol';
import { defineHandler } from '@orderlab/kafka-net';
import type { HandlerDeps } from './handler-deps';

/** LeaveGroup v0-3: one member by id (v0-2) or a batch, possibly by group.instance.id (v3+). */
export function leaveGroupHandler(deps: HandlerDeps) {
  return defineHandler({
    request: LeaveGroupRequest,
    response: LeaveGroupResponse,
    minVersion: 0,
    maxVersion: 3,
    handle(req, ctx) {
      const batch = ctx.apiVersion >= 3;
      const members = batch ? req.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId })) : [{ memberId: req.memberId, groupInstanceId: null }];
      const result = deps.groups.coordinator.leave({ groupId: req.groupId, members });
      const single = result.members[0]?.errorCode ?? result.errorCode;
      return { throttleTimeMs: 0, errorCode: batch || result.errorCode !== 0 ? result.errorCode : single, members: result.members.map((m) => ({ ...m })) };
    },
  });
}
