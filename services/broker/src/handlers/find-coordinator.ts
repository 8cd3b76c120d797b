import { ErrorCode, FindCoordinatorRequest, FindCoordinatorResponse } from '@orderlab/kafka-protocol';
import { defineHandler } from '@orderlab/kafka-net';
import type { HandlerDeps } from './handler-deps';

const KEY_TYPE_GROUP = 0;
const KEY_TYPE_TRANSACTION = 1;

/**
 * FindCoordinator v0-2: a group's coordinator is the leader of its __consumer_offsets
 * partition (abs(hashCode(groupId)) % 50), which this call creates (through the controller) on first use.
 */
export function findCoordinatorHandler(deps: HandlerDeps) {
  const fail = (errorCode: number, errorMessage: string) => ({ throttleTimeMs: 0, errorCode, errorMessage, nodeId: -1, host: '', port: -1 });
  return defineHandler({
    request: FindCoordinatorRequest,
    response: FindCoordinatorResponse,
    minVersion: 0,
    maxVersion: 2,
    async handle(req) {
      if (req.keyType === KEY_TYPE_TRANSACTION) return fail(ErrorCode.COORDINATOR_NOT_AVAILABLE, 'Transactions are not supported by this broker yet.');
      if (req.keyType !== KEY_TYPE_GROUP) return fail(ErrorCode.INVALID_REQUEST, `Unknown coordinator key type ${req.keyType}.`);
      await deps.groups.ready();
      const coordinator = deps.groups.coordinator;
      const partition = deps.metadata.topic('__consumer_offsets')?.partitions[coordinator.partitionFor(req.key)];
      // The coordinator is the partition's leader, wherever it is; this broker answers for others too.
      const broker = deps.metadata.brokers().find((b) => b.nodeId === partition?.leader);
      const local = broker?.nodeId === deps.metadata.localNodeId;
      if (!broker || (local && !coordinator.isCoordinatorFor(req.key))) return fail(ErrorCode.COORDINATOR_NOT_AVAILABLE, 'The coordinator is not available.');
      return { throttleTimeMs: 0, errorCode: 0, errorMessage: null, nodeId: broker.nodeId, host: broker.host, port: broker.port };
    },
  });
}
