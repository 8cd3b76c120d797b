import { ErrorCode, InitProducerIdRequest, InitProducerIdResponse } from '@orderlab/kafka-protocol';
import { defineHandler } from '@orderlab/kafka-net';
import type { HandlerDeps } from './handler-deps';

/**
 * InitProducerId v0-1 for idempotent producers: a fresh producer id with epoch 0.
 * Transactional ids need the transaction coordinator, which this broker does not have yet.
 */
export function initProducerIdHandler(deps: HandlerDeps) {
  return defineHandler({
    request: InitProducerIdRequest,
    response: InitProducerIdResponse,
    minVersion: 0,
    maxVersion: 1,
    handle(req, ctx) {
      if (req.transactionalId !== null) {
        deps.logger.warn({ client: ctx.clientId, transactionalId: req.transactionalId }, 'transactional producers are not supported yet');
        return { throttleTimeMs: 0, errorCode: ErrorCode.INVALID_REQUEST, producerId: -1, producerEpoch: -1 };
      }
      const producerId = deps.producerIds.allocate();
      deps.logger.debug({ client: ctx.clientId, producerId }, 'allocated producer id');
      return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId, producerEpoch: 0 };
    },
  });
}
