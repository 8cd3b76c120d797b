import { defineHandler } from '@orderlab/kafka-net';
import {
  AllocateProducerIdsRequest,
  AllocateProducerIdsResponse,
  BrokerHeartbeatRequest,
  BrokerHeartbeatResponse,
  BrokerRegistrationRequest,
  BrokerRegistrationResponse,
} from '@orderlab/kafka-protocol';
import { decide, type ControllerHandlerDeps } from './handler-kit';

/** BrokerRegistration v0-4: a broker joins (fenced) with a new incarnation; its broker epoch is the offset of its record. */
export function brokerRegistrationHandler(deps: ControllerHandlerDeps) {
  return defineHandler({
    request: BrokerRegistrationRequest,
    response: BrokerRegistrationResponse,
    minVersion: 0,
    maxVersion: 4,
    async handle(req) {
      const r = await decide(deps, 'BrokerRegistration', (c, image, next, now) => c.registerBroker(image, req, next, now));
      if (!r.ok) return { throttleTimeMs: 0, errorCode: r.errorCode, brokerEpoch: -1 };
      if (r.value.errorCode !== 0) deps.logger.warn({ brokerId: req.brokerId, errorCode: r.value.errorCode, reason: r.value.errorMessage }, 'broker registration refused');
      else deps.logger.info({ brokerId: req.brokerId, brokerEpoch: r.value.brokerEpoch }, 'broker registered');
      return { throttleTimeMs: 0, errorCode: r.value.errorCode, brokerEpoch: r.value.brokerEpoch };
    },
  });
}

/** BrokerHeartbeat v0-1: session refresh, unfencing once caught up, controlled shutdown. */
export function brokerHeartbeatHandler(deps: ControllerHandlerDeps) {
  return defineHandler({
    request: BrokerHeartbeatRequest,
    response: BrokerHeartbeatResponse,
    minVersion: 0,
    maxVersion: 1,
    async handle(req, ctx) {
      // The connection id lets the controller fence a broker soon after this connection closes.
      const r = await decide(deps, 'BrokerHeartbeat', (c, image, next, now) => c.brokerHeartbeat(image, req, next, now, ctx.connectionId));
      if (!r.ok) return { throttleTimeMs: 0, errorCode: r.errorCode, isCaughtUp: false, isFenced: true, shouldShutDown: false };
      return { throttleTimeMs: 0, errorCode: r.value.errorCode, isCaughtUp: r.value.isCaughtUp, isFenced: r.value.isFenced, shouldShutDown: r.value.shouldShutDown };
    },
  });
}

/** AllocateProducerIds v0: the next block of 1000 producer ids, through the log. */
export function allocateProducerIdsHandler(deps: ControllerHandlerDeps) {
  return defineHandler({
    request: AllocateProducerIdsRequest,
    response: AllocateProducerIdsResponse,
    minVersion: 0,
    maxVersion: 0,
    async handle(req) {
      const r = await decide(deps, 'AllocateProducerIds', (c, image) => c.allocateProducerIds(image, req));
      if (!r.ok) return { throttleTimeMs: 0, errorCode: r.errorCode, producerIdStart: -1, producerIdLen: 0 };
      return { throttleTimeMs: 0, errorCode: r.value.errorCode, producerIdStart: r.value.producerIdStart, producerIdLen: r.value.producerIdLen };
    },
  });
}
