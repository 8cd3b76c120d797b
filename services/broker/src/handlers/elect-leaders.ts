import { ElectLeadersRequest, ElectLeadersResponse, ErrorCode, type MessageOf } from '@orderlab/kafka-protocol';
import { defineHandler } from '@orderlab/kafka-net';
import type { HandlerDeps } from './handler-deps';

type ElectReq = MessageOf<typeof ElectLeadersRequest>;
type ElectResp = MessageOf<typeof ElectLeadersResponse>;

/**
 * ElectLeaders v0-2 (kafka-leader-election --election-type preferred), forwarded to the active
 * controller as a KRaft broker does: the controller elects the first replica of each partition
 * where it is in the ISR and alive, and answers per partition (ELECTION_NOT_NEEDED when it
 * already leads, PREFERRED_LEADER_NOT_AVAILABLE otherwise); UNCLEAN is refused there.
 */
export function electLeadersHandler(deps: HandlerDeps) {
  return defineHandler({
    request: ElectLeadersRequest,
    response: ElectLeadersResponse,
    minVersion: 0,
    maxVersion: 2,
    async handle(req) {
      if (!deps.forwardElectLeaders) return everyPartition(req, ErrorCode.NOT_CONTROLLER, 'no controller to forward to');
      try {
        const res = await deps.forwardElectLeaders(req);
        return { throttleTimeMs: 0, errorCode: res.errorCode, replicaElectionResults: res.replicaElectionResults };
      } catch (e) {
        return everyPartition(req, ErrorCode.REQUEST_TIMED_OUT, (e as Error).message);
      }
    },
  });
}

function everyPartition(req: ElectReq, errorCode: number, errorMessage: string): ElectResp {
  return {
    throttleTimeMs: 0,
    errorCode,
    replicaElectionResults: (req.topicPartitions ?? []).map((t) => ({ topic: t.topic, partitionResult: t.partitions.map((partitionId) => ({ partitionId, errorCode, errorMessage })) })),
  };
}
