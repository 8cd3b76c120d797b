import {
  NO_LEADER,
  NO_LEADER_CHANGE,
  metadataRecord,
  uuidFromString,
  type PartitionChangeRecordData,
  type PartitionImage,
} from '@orderlab/metadata';

/**
 * Kafka's PartitionChangeBuilder without reassignment, ELR or unclean election: given a
 * partition, a target ISR and which brokers may lead, the PartitionChangeRecord that gets there,
 * or null when nothing changes.
 *
 * - ONLINE election keeps the current leader while it is valid, else takes the first replica in
 *   assignment order that is valid; PREFERRED takes the first replica when valid, else behaves
 *   like ONLINE. Valid = in the target ISR and acceptable. Never a leader outside the ISR.
 * - The ISR is never emptied: a target ISR of [] leaves the ISR as it is (its last member stays)
 *   and, with no valid leader, the leader becomes NO_LEADER — the partition is offline.
 * - Epochs are bumped by apply(): every leader change bumps the leader epoch, every record the
 *   partition epoch. An ISR change alone does not bump the leader epoch (metadata.version ≥ 3.6).
 */
export type Election = 'ONLINE' | 'PREFERRED';

export interface PartitionChangeRequest {
  readonly partition: PartitionImage;
  readonly isAcceptableLeader: (brokerId: number) => boolean;
  readonly targetIsr?: readonly number[];
  readonly election?: Election;
}

export function buildPartitionChange(req: PartitionChangeRequest): PartitionChangeRecordData | null {
  const { partition } = req;
  const targetIsr = req.targetIsr ?? partition.isr;
  const leader = electLeader(req, targetIsr);
  const isrChanges = targetIsr.length > 0 && !sameList(targetIsr, partition.isr);
  const leaderChanges = leader !== partition.leader;
  if (!isrChanges && !leaderChanges) return null;
  return metadataRecord('PartitionChange', {
    topicId: uuidFromString(partition.topicId),
    partitionId: partition.partition,
    isr: isrChanges ? [...targetIsr] : null,
    leader: leaderChanges ? leader : NO_LEADER_CHANGE,
  });
}

function electLeader(req: PartitionChangeRequest, targetIsr: readonly number[]): number {
  const { partition } = req;
  const valid = (b: number) => targetIsr.includes(b) && req.isAcceptableLeader(b);
  const preferred = partition.replicas[0];
  if (req.election === 'PREFERRED' && preferred !== undefined && valid(preferred)) return preferred;
  if (partition.leader !== NO_LEADER && valid(partition.leader)) return partition.leader;
  return partition.replicas.find(valid) ?? NO_LEADER;
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
