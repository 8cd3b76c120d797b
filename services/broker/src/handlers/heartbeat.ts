import { HeartbeatRequest, HeartbeatResponse } from '@orderlab/kafka-protocol';
import { defineHandler } from '@orderlab/kafka-net';
import type { HandlerDeps } from './handler-deps';

/** Heartbeat v0-3. */
export function heartbeatHandler(deps: HandlerDeps) {
  return defineHandler({
    request: HeartbeatRequest,
    response: HeartbeatResponse,
    minVersion: 0,
    maxVersion: 3,
    handle: (req) => ({
      throttleTimeMs: 0,
      errorCode: deps.groups.coordinator.heartbeat({ groupId: req.groupId, generationId: req.generationId, memberId: req.memberId, groupInstanceId: req.groupInstanceId }),
    }),
  });
}
