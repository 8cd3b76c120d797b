import type { AnyHandler } from '@orderlab/kafka-net';
import { allocateProducerIdsHandler, brokerHeartbeatHandler, brokerRegistrationHandler } from './broker-lifecycle';
import type { ControllerHandlerDeps } from './handler-kit';
import { alterPartitionHandler, electLeadersHandler } from './partitions';
import { alterConfigsHandler, createPartitionsHandler, createTopicsHandler, deleteTopicsHandler, incrementalAlterConfigsHandler } from './topics';

/** The APIs only the active controller serves (others answer NOT_CONTROLLER). */
export function controllerApiHandlers(deps: ControllerHandlerDeps): AnyHandler[] {
  return [
    brokerRegistrationHandler(deps),
    brokerHeartbeatHandler(deps),
    allocateProducerIdsHandler(deps),
    alterPartitionHandler(deps),
    electLeadersHandler(deps),
    createTopicsHandler(deps),
    deleteTopicsHandler(deps),
    createPartitionsHandler(deps),
    alterConfigsHandler(deps),
    incrementalAlterConfigsHandler(deps),
  ] as unknown as AnyHandler[];
}
