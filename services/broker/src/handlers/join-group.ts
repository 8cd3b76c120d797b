import { JoinGroupRequest, JoinGroupResponse } from '@orderlab/kafka-protocol';
import type { JoinGroupResult } from '../groups';
import { defineHandler } from '@orderlab/kafka-net';
import type { HandlerDeps } from './handler-deps';

/** JoinGroup v0-5; the answer waits until the rebalance completes. v4+ asks unknown members to rejoin with their id. */
export function joinGroupHandler(deps: HandlerDeps) {
  return defineHandler({
    request: JoinGroupRequest,
    response: JoinGroupResponse,
    minVersion: 0,
    maxVersion: 5,
    async handle(req, ctx) {
      const result = await new Promise<JoinGroupResult>((resolve) =>
        deps.groups.coordinator.join(
          {
            groupId: req.groupId,
            memberId: req.memberId,
            groupInstanceId: req.groupInstanceId,
            clientId: ctx.clientId ?? '',
            clientHost: `/${ctx.clientHost}`,
            sessionTimeoutMs: req.sessionTimeoutMs,
            rebalanceTimeoutMs: ctx.apiVersion === 0 || req.rebalanceTimeoutMs < 0 ? req.sessionTimeoutMs : req.rebalanceTimeoutMs,
            protocolType: req.protocolType,
            protocols: req.protocols.map((p) => ({ name: p.name, metadata: p.metadata })),
            requireKnownMemberId: ctx.apiVersion >= 4,
          },
          resolve,
        ),
      );
      return { throttleTimeMs: 0, ...result, protocolName: result.protocolName ?? '', members: result.members.map((m) => ({ ...m })) };
    },
  });
}
