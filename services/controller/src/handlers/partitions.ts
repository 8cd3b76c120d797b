import { defineHandler } from '@orderlab/kafka-net';
import { AlterPartitionRequest, AlterPartitionResponse, ElectLeadersRequest, ElectLeadersResponse } from '@orderlab/kafka-protocol';
import { decide, type ControllerHandlerDeps } from './handler-kit';

/** AlterPartition v0-3: ISR changes from partition leaders (the replication issue sends them). */
export function alterPartitionHandler(deps: ControllerHandlerDeps) {
  return defineHandler({
    request: AlterPartitionRequest,
    response: AlterPartitionResponse,
    minVersion: 0,
    maxVersion: 3,
    async handle(req, rc) {
      const r = await decide(deps, 'AlterPartition', (c, image) => c.alterPartition(image, req, rc.apiVersion));
      if (!r.ok) return { throttleTimeMs: 0, errorCode: r.errorCode, topics: [] };
      return { throttleTimeMs: 0, errorCode: r.value.errorCode, topics: r.value.topics.map((t) => ({ ...t, partitions: t.partitions.map((p) => ({ ...p, isr: [...p.isr] })) })) };
    },
  });
}

/** ElectLeaders v0-2, preferred elections (unclean is refused: it would lose acknowledged writes). */
export function electLeadersHandler(deps: ControllerHandlerDeps) {
  return defineHandler({
    request: ElectLeadersRequest,
    response: ElectLeadersResponse,
    minVersion: 0,
    maxVersion: 2,
    async handle(req) {
      const input = { electionType: req.electionType, topicPartitions: req.topicPartitions };
      const r = await decide(deps, 'ElectLeaders', (c, image) => c.electLeaders(image, input), req.timeoutMs);
      if (!r.ok) {
        const everyPartition = (req.topicPartitions ?? []).map((t) => ({ topic: t.topic, partitionResult: t.partitions.map((partitionId) => ({ partitionId, errorCode: r.errorCode, errorMessage: r.errorMessage })) }));
        return { throttleTimeMs: 0, errorCode: r.errorCode, replicaElectionResults: everyPartition };
      }
      return { throttleTimeMs: 0, errorCode: r.value.errorCode, replicaElectionResults: r.value.replicaElectionResults };
    },
  });
}
