import { SyncGroupRequest, SyncGroupResponse } from '@orderlab/kafka-protocol';
import type { SyncGroupResult } from '../groups';
import { defineHandler } from '@orderlab/kafka-net';
import type { HandlerDeps } from './handler-deps';

/** SyncGroup v0-3: followers wait for the leader's assignments; the group then becomes Stable. */
export function syncGroupHandler(deps: HandlerDeps) {
  return defineHandler({
    request: SyncGroupRequest,
    response: SyncGroupResponse,
    minVersion: 0,
    maxVersion: 3,
    async handle(req) {
      const result = await new Promise<SyncGroupResult>((resolve) =>
        deps.groups.coordinator.sync(
          { groupId: req.groupId, generationId: req.generationId, memberId: req.memberId, groupInstanceId: req.groupInstanceId, assignments: req.assignments },
          resolve,
        ),
      );
      return { throttleTimeMs: 0, errorCode: result.errorCode, assignment: result.assignment };
    },
  });
}
