import { ErrorCode, InitProducerIdRequest, InitProducerIdResponse } from '@orderlab/kafka-protocol';
import { defineHandler } from '@orderlab/kafka-net';
import { NoProducerIdBlockError } from '../producers/producer-id-allocator';
import type { HandlerDeps } from './handler-deps';

/**
 * InitProducerId v0-1 for idempotent producers: a fresh producer id with epoch 0, from a block
 * the active controller allocated to this broker.
 * Transactional ids need the transaction coordinator, which this broker does not have yet.
 */
export function initProducerIdHandler(deps: HandlerDeps) {
  return defineHandler({
    request: InitProducerIdRequest,
    response: InitProducerIdResponse,
    minVersion: 0,
    maxVersion: 1,
    async handle(req, ctx) {
      if (req.transactionalId !== null) {
        deps.logger.warn({ client: ctx.clientId, transactionalId: req.transactionalId }, 'transactional producers are not supported yet');
        return { throttleTimeMs: 0, errorCode: ErrorCode.INVALID_REQUEST, producerId: -1, producerEpoch: -1 };
      }
      let producerId: number;
      try {
        producerId = await deps.producerIds.allocate();
      } catch (e) {
        if (!(e instanceof NoProducerIdBlockError)) throw e;
        // Kafka's RPCProducerIdManager answers the same while it waits for a block: retriable.
        return { throttleTimeMs: 0, errorCode: ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, producerId: -1, producerEpoch: -1 };
      }
      deps.logger.debug({ client: ctx.clientId, producerId }, 'allocated producer id');
      return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId, producerEpoch: 0 };
    },
  });
}
