import { isActiveBroker, metadataRecord, type MetadataImage, type MetadataRecord } from '@orderlab/metadata';
import type { ControlConfig } from '../control-config';

/**
 * The PartitionRecord of a new partition: its ISR is the replicas that are active now (or only
 * the first of them, with initialIsr 'leader'), its leader the first ISR member, epochs 0.
 * The caller has checked that at least one replica is active.
 */
export function newPartitionRecord(
  image: MetadataImage,
  topicId: Buffer,
  partitionId: number,
  replicas: readonly number[],
  initialIsr: ControlConfig['initialIsr'],
): MetadataRecord {
  const active = replicas.filter((r) => isActiveBroker(image, r));
  const isr = initialIsr === 'leader' ? active.slice(0, 1) : active;
  return metadataRecord('Partition', { topicId, partitionId, replicas: [...replicas], isr, leader: isr[0], leaderEpoch: 0, partitionEpoch: 0 });
}
