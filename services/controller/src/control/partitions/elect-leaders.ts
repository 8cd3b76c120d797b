import { ErrorCode } from '@orderlab/kafka-protocol';
import { isActiveBroker, sortedPartitions, sortedTopics, topicByName, type MetadataImage } from '@orderlab/metadata';
import { apiError, noRecords, type ApiError, type ControlResult } from '../control-result';
import { StagedChanges } from '../staged-changes';
import { buildPartitionChange } from './partition-change';

/** ElectLeadersRequest (api 43): electionType 0 preferred, 1 unclean; topicPartitions null = every partition. */
export interface ElectLeadersRequest {
  readonly electionType: number;
  readonly topicPartitions: ReadonlyArray<{ readonly topic: string; readonly partitions: readonly number[] }> | null;
}

export interface ElectLeadersReply extends ApiError {
  readonly replicaElectionResults: Array<{ topic: string; partitionResult: Array<{ partitionId: number } & ApiError> }>;
}

export const ElectionType = { PREFERRED: 0, UNCLEAN: 1 } as const;

/**
 * ElectLeaders (ReplicationControlManager.electLeaders), preferred elections only: the first
 * replica becomes leader when it is in the ISR and active. Already led by it: ELECTION_NOT_NEEDED
 * (left out of the answer when every partition was asked for, as Kafka does); it cannot lead and
 * the current leader stays: PREFERRED_LEADER_NOT_AVAILABLE. Unclean election is refused
 * (INVALID_REQUEST): a leader from outside the ISR loses acknowledged writes, and this cluster
 * never does that.
 */
export function electLeaders(image: MetadataImage, req: ElectLeadersRequest): ControlResult<ElectLeadersReply> {
  if (req.electionType !== ElectionType.PREFERRED) {
    const why = req.electionType === ElectionType.UNCLEAN ? 'Unclean leader election is not supported: it can lose acknowledged writes.' : `Unknown election type ${req.electionType}`;
    return noRecords({ ...apiError(ErrorCode.INVALID_REQUEST, why), replicaElectionResults: [] });
  }
  const all = req.topicPartitions === null;
  const wanted = all
    ? sortedTopics(image).map((t) => ({ topic: t.name, partitions: sortedPartitions(t).map((p) => p.partition) }))
    : req.topicPartitions;
  const staged = new StagedChanges(image);
  const replicaElectionResults = (wanted ?? []).map(({ topic, partitions }) => ({
    topic,
    partitionResult: partitions
      .map((partitionId) => ({ partitionId, ...electPreferred(staged, topic, partitionId) }))
      .filter((r) => !all || r.errorCode !== ErrorCode.ELECTION_NOT_NEEDED),
  }));
  return { records: staged.records, response: { errorCode: 0, errorMessage: null, replicaElectionResults } };
}

function electPreferred(staged: StagedChanges, topicName: string, partitionId: number): ApiError {
  const topic = topicByName(staged.image, topicName);
  if (!topic) return apiError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `No such topic as ${topicName}`);
  const partition = topic.partitions.get(partitionId);
  if (!partition) return apiError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `No such partition as ${topicName}-${partitionId}`);
  if (partition.leader === partition.replicas[0]) return apiError(ErrorCode.ELECTION_NOT_NEEDED, 'Leader election not needed for topic partition.');
  const change = buildPartitionChange({ partition, election: 'PREFERRED', isAcceptableLeader: (b) => isActiveBroker(staged.image, b) });
  if (!change) return apiError(ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE, 'The preferred leader was not available.');
  staged.add(change);
  return { errorCode: 0, errorMessage: null };
}
