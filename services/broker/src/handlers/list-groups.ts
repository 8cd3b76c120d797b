import { ListGroupsRequest, ListGroupsResponse } from '@orderlab/kafka-protocol';
import { defineHandler } from '@orderlab/kafka-net';
import type { HandlerDeps } from './handler-deps';

/** ListGroups v0-2: the groups this broker coordinates. */
export function listGroupsHandler(deps: HandlerDeps) {
  return defineHandler({
    request: ListGroupsRequest,
    response: ListGroupsResponse,
    minVersion: 0,
    maxVersion: 2,
    handle: () => ({
      throttleTimeMs: 0,
      errorCode: 0,
      groups: deps.groups.coordinator.listGroups().map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, groupState: g.state })),
    }),
  });
}
