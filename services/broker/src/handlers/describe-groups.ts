import { DescribeGroupsRequest, DescribeGroupsResponse } from '@orderlab/kafka-protocol';
import { defineHandler } from '@orderlab/kafka-net';
import type { HandlerDeps } from './handler-deps';

/** DescribeGroups v0-2: state, protocol and members with their metadata and assignments (opaque bytes). */
export function describeGroupsHandler(deps: HandlerDeps) {
  return defineHandler({
    request: DescribeGroupsRequest,
    response: DescribeGroupsResponse,
    minVersion: 0,
    maxVersion: 2,
    handle(req) {
      const groups = req.groups.map((groupId) => {
        const { errorCode, view } = deps.groups.coordinator.describeGroup(groupId);
        return {
          errorCode,
          groupId,
          groupState: view.state,
          protocolType: view.protocolType,
          protocolData: view.protocol,
          members: view.members.map((m) => ({
            memberId: m.memberId,
            groupInstanceId: m.groupInstanceId,
            clientId: m.clientId,
            clientHost: m.clientHost,
            memberMetadata: m.metadata,
            memberAssignment: m.assignment,
          })),
        };
      });
      return { throttleTimeMs: 0, groups };
    },
  });
}
