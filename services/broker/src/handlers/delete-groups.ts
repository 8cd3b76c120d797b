import { DeleteGroupsRequest, DeleteGroupsResponse } from '@orderlab/kafka-protocol';
import { defineHandler } from '@orderlab/kafka-net';
import type { HandlerDeps } from './handler-deps';

/** DeleteGroups v0-1: only empty groups; their offsets go with them. */
export function deleteGroupsHandler(deps: HandlerDeps) {
  return defineHandler({
    request: DeleteGroupsRequest,
    response: DeleteGroupsResponse,
    minVersion: 0,
    maxVersion: 1,
    async handle(req) {
      const results = await new Promise<Array<{ groupId: string; errorCode: number }>>((resolve) => deps.groups.coordinator.deleteGroups(req.groupsNames, resolve));
      return { throttleTimeMs: 0, results };
    },
  });
}
