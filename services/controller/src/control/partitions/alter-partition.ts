import { ErrorCode } from '@orderlab/kafka-protocol';
import {
  isActiveBroker,
  topicByName,
  uuidToString,
  type MetadataImage,
  type PartitionImage,
  type TopicImage,
} from '@orderlab/metadata';
import { noRecords, type ControlResult } from '../control-result';
import { checkBrokerEpoch } from '../brokers/broker-epoch';
import { StagedChanges } from '../staged-changes';
import { buildPartitionChange } from './partition-change';

/** AlterPartitionRequest (api 56) as decoded; v0-1 name topics, v2+ use ids; v0-2 send newIsr, v3+ newIsrWithEpochs. */
export interface AlterPartitionRequest {
  readonly brokerId: number;
  readonly brokerEpoch: number;
  readonly topics: ReadonlyArray<{
    readonly topicName: string;
    readonly topicId: Buffer;
    readonly partitions: ReadonlyArray<{
      readonly partitionIndex: number;
      readonly leaderEpoch: number;
      readonly newIsr: readonly number[];
      readonly newIsrWithEpochs: ReadonlyArray<{ readonly brokerId: number; readonly brokerEpoch: number }>;
      readonly leaderRecoveryState: number;
      readonly partitionEpoch: number;
    }>;
  }>;
}

export interface AlterPartitionPartitionResult {
  readonly partitionIndex: number;
  readonly errorCode: number;
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly isr: readonly number[];
  readonly leaderRecoveryState: number;
  readonly partitionEpoch: number;
}

export interface AlterPartitionReply {
  readonly errorCode: number;
  readonly errorMessage: string | null;
  readonly topics: ReadonlyArray<{ readonly topicName: string; readonly topicId: Buffer; readonly partitions: AlterPartitionPartitionResult[] }>;
}

type PartitionData = AlterPartitionRequest['topics'][number]['partitions'][number];
type IsrMember = { readonly brokerId: number; readonly brokerEpoch: number };

/**
 * ReplicationControlManager.alterPartition: a partition leader proposes a new ISR. Checked in
 * Kafka's order — broker epoch (STALE_BROKER_EPOCH for the whole request), unknown partition,
 * epochs newer than ours (NOT_CONTROLLER: we are probably a stale controller), an older leader
 * epoch (FENCED_LEADER_EPOCH), a sender that is not the leader (INVALID_REQUEST), an older
 * partition epoch (INVALID_UPDATE_VERSION), an ISR that is not a subset of the replicas or omits
 * the leader (INVALID_REQUEST), members that are fenced, shutting down, unknown or of another
 * epoch (INELIGIBLE_REPLICA; OPERATION_NOT_ATTEMPTED below v2). Accepted changes are one
 * PartitionChangeRecord each; the answer carries the partition as it will be once committed.
 */
export function alterPartition(image: MetadataImage, req: AlterPartitionRequest, version: number): ControlResult<AlterPartitionReply> {
  const check = checkBrokerEpoch(image, req.brokerId, req.brokerEpoch);
  if (!check.ok) return noRecords({ errorCode: check.error.errorCode, errorMessage: check.error.errorMessage, topics: [] });
  const staged = new StagedChanges(image);
  const topics = req.topics.map((t) => {
    const topic = version > 1 ? staged.image.topicsById.get(uuidToString(t.topicId)) : topicByName(staged.image, t.topicName);
    const unknown = version > 1 ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    const partitions = t.partitions.map((p) => (topic ? alterOne(staged, req.brokerId, topic, p, version) : failed(p.partitionIndex, unknown)));
    return { topicName: t.topicName, topicId: t.topicId, partitions };
  });
  return { records: staged.records, response: { errorCode: 0, errorMessage: null, topics } };
}

function failed(partitionIndex: number, errorCode: number): AlterPartitionPartitionResult {
  return { partitionIndex, errorCode, leaderId: -1, leaderEpoch: -1, isr: [], leaderRecoveryState: 0, partitionEpoch: -1 };
}

function alterOne(staged: StagedChanges, brokerId: number, topic: TopicImage, p: PartitionData, version: number): AlterPartitionPartitionResult {
  const partition = staged.image.topicsById.get(topic.id)?.partitions.get(p.partitionIndex);
  const newIsr: IsrMember[] = version >= 3 ? [...p.newIsrWithEpochs] : p.newIsr.map((b) => ({ brokerId: b, brokerEpoch: -1 }));
  const errorCode = partition ? validationError(staged.image, brokerId, partition, p, newIsr, version) : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
  if (!partition || errorCode !== 0) return failed(p.partitionIndex, errorCode);
  const change = buildPartitionChange({ partition, targetIsr: newIsr.map((m) => m.brokerId), isAcceptableLeader: (b) => isActiveBroker(staged.image, b) });
  if (change) staged.add(change);
  const now = staged.image.topicsById.get(topic.id)?.partitions.get(p.partitionIndex) ?? partition;
  return { partitionIndex: p.partitionIndex, errorCode: 0, leaderId: now.leader, leaderEpoch: now.leaderEpoch, isr: [...now.isr], leaderRecoveryState: 0, partitionEpoch: now.partitionEpoch };
}

function validationError(image: MetadataImage, brokerId: number, partition: PartitionImage, p: PartitionData, newIsr: readonly IsrMember[], version: number): number {
  if (p.leaderEpoch > partition.leaderEpoch || p.partitionEpoch > partition.partitionEpoch) return ErrorCode.NOT_CONTROLLER;
  if (p.leaderEpoch < partition.leaderEpoch) return ErrorCode.FENCED_LEADER_EPOCH;
  if (brokerId !== partition.leader) return ErrorCode.INVALID_REQUEST;
  if (p.partitionEpoch < partition.partitionEpoch) return ErrorCode.INVALID_UPDATE_VERSION;
  const ids = newIsr.map((m) => m.brokerId);
  if (new Set(ids).size !== ids.length || ids.some((b) => !partition.replicas.includes(b))) return ErrorCode.INVALID_REQUEST;
  if (!ids.includes(partition.leader)) return ErrorCode.INVALID_REQUEST;
  if (p.leaderRecoveryState !== 0) return ErrorCode.INVALID_REQUEST;
  if (newIsr.some((m) => !eligible(image, m))) return version > 1 ? ErrorCode.INELIGIBLE_REPLICA : ErrorCode.OPERATION_NOT_ATTEMPTED;
  return 0;
}

/** ineligibleReplicasForIsr: registered, not shutting down, unfenced, and (unless -1) of the epoch named. */
function eligible(image: MetadataImage, m: IsrMember): boolean {
  const b = image.brokers.get(m.brokerId);
  return b !== undefined && !b.inControlledShutdown && !b.fenced && (m.brokerEpoch === -1 || m.brokerEpoch === b.brokerEpoch);
}
