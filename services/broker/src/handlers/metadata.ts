import { ErrorCode, MetadataRequest, MetadataResponse, type MessageOf } from '@orderlab/kafka-protocol';
import type { TopicMetadata } from '../cluster/cluster-metadata';
import { defineHandler } from '@orderlab/kafka-net';
import { topicNameProblem } from '../topics/topic-name';
import type { HandlerDeps } from './handler-deps';

type TopicEntry = MessageOf<typeof MetadataResponse>['topics'][number];

/**
 * Metadata v1-8. A null topic list means all topics; auto-creation happens only when both
 * the broker setting and the request allow it (v1-3 requests always allow it, as in Kafka).
 */
export function metadataHandler(deps: HandlerDeps) {
  return defineHandler({
    request: MetadataRequest,
    response: MetadataResponse,
    minVersion: 1,
    maxVersion: 8,
    async handle(req, ctx) {
      const allowAuto = ctx.apiVersion < 4 ? true : req.allowAutoTopicCreation;
      const topics = req.topics === null
        ? deps.metadata.topics().map((t) => describeTopic(deps, t))
        : await Promise.all(req.topics.map((t) => topicEntry(deps, t.name ?? '', allowAuto)));
      return {
        throttleTimeMs: 0,
        brokers: deps.metadata.brokers().map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port, rack: b.rack })),
        clusterId: deps.metadata.clusterId,
        controllerId: deps.metadata.controllerId(),
        topics,
        clusterAuthorizedOperations: -2147483648,
      };
    },
  });
}

async function topicEntry(deps: HandlerDeps, name: string, allowAuto: boolean): Promise<TopicEntry> {
  const known = deps.metadata.topic(name);
  if (known) return describeTopic(deps, known);
  const problem = topicNameProblem(name);
  if (problem) return errorEntry(name, ErrorCode.INVALID_TOPIC_EXCEPTION);
  if (!(allowAuto && deps.config.autoCreateTopics)) return errorEntry(name, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  const outcome = await deps.metadata.createTopic({ name, numPartitions: -1, replicationFactor: -1, assignments: [], configs: {} }, false);
  const created = deps.metadata.topic(name);
  if (outcome.errorCode !== 0 && !created) return errorEntry(name, outcome.errorCode);
  deps.logger.info({ topic: name }, 'auto-created topic');
  return created ? describeTopic(deps, created) : errorEntry(name, ErrorCode.LEADER_NOT_AVAILABLE);
}

/** A replica whose log went offline is listed in offlineReplicas, as Kafka lists replicas in a failed log dir. */
function describeTopic(deps: HandlerDeps, t: TopicMetadata): TopicEntry {
  const local = deps.metadata.localNodeId;
  return {
    errorCode: 0,
    name: t.name,
    isInternal: t.internal,
    partitions: t.partitions.map((p) => ({
      errorCode: p.leader >= 0 ? 0 : ErrorCode.LEADER_NOT_AVAILABLE,
      partitionIndex: p.partition,
      leaderId: p.leader,
      leaderEpoch: p.leaderEpoch,
      replicaNodes: [...p.replicas],
      isrNodes: [...p.isr],
      offlineReplicas: p.replicas.includes(local) && deps.replicas.isOffline(t.name, p.partition) ? [local] : [],
    })),
    topicAuthorizedOperations: -2147483648,
  };
}

function errorEntry(name: string, errorCode: number): TopicEntry {
  return { errorCode, name, isInternal: false, partitions: [], topicAuthorizedOperations: -2147483648 };
}
