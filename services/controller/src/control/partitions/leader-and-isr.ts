import {
  isActiveBroker,
  leaderlessPartitions,
  metadataRecord,
  partitionsWithIsrMember,
  type MetadataImage,
  type MetadataRecord,
  type PartitionImage,
} from '@orderlab/metadata';
import { buildPartitionChange } from './partition-change';

/**
 * The partition changes a broker's change of state causes (ReplicationControlManager's
 * generateLeaderAndIsrUpdates and handleBroker*). `image` is the image BEFORE the broker's own
 * registration change, so the broker being removed is excluded and the one being added is
 * accepted explicitly.
 */
interface Updates {
  /** Taken out of every ISR and never chosen as leader. */
  readonly brokerToRemove?: number;
  /** Accepted as leader even though the image still shows it fenced. */
  readonly brokerToAdd?: number;
}

export function leaderAndIsrUpdates(image: MetadataImage, partitions: readonly PartitionImage[], u: Updates): MetadataRecord[] {
  const isAcceptableLeader = (b: number) => b !== u.brokerToRemove && (b === u.brokerToAdd || isActiveBroker(image, b));
  const out: MetadataRecord[] = [];
  for (const partition of partitions) {
    const targetIsr = u.brokerToRemove === undefined ? partition.isr : partition.isr.filter((b) => b !== u.brokerToRemove);
    const change = buildPartitionChange({ partition, targetIsr, isAcceptableLeader });
    if (change) out.push(change);
  }
  return out;
}

/** Fencing: out of every ISR (the last member stays, leaderless), leaderships move to in-sync replicas, then the fence. */
export function fenceBrokerRecords(image: MetadataImage, brokerId: number, brokerEpoch: number): MetadataRecord[] {
  return [
    ...leaderAndIsrUpdates(image, partitionsWithIsrMember(image, brokerId), { brokerToRemove: brokerId }),
    metadataRecord('BrokerRegistrationChange', { brokerId, brokerEpoch, fenced: 1 }),
  ];
}

/** Unfencing: the unfence, then every leaderless partition that can now elect a leader does (Kafka looks at all of them). */
export function unfenceBrokerRecords(image: MetadataImage, brokerId: number, brokerEpoch: number): MetadataRecord[] {
  return [
    metadataRecord('BrokerRegistrationChange', { brokerId, brokerEpoch, fenced: -1 }),
    ...leaderAndIsrUpdates(image, leaderlessPartitions(image), { brokerToAdd: brokerId }),
  ];
}

/** Controlled shutdown: mark it (once), then leave every ISR so leaderships move to the other in-sync replicas. */
export function controlledShutdownRecords(image: MetadataImage, brokerId: number, brokerEpoch: number): MetadataRecord[] {
  const mark = image.brokers.get(brokerId)?.inControlledShutdown
    ? []
    : [metadataRecord('BrokerRegistrationChange', { brokerId, brokerEpoch, inControlledShutdown: 1 })];
  return [...mark, ...leaderAndIsrUpdates(image, partitionsWithIsrMember(image, brokerId), { brokerToRemove: brokerId })];
}
