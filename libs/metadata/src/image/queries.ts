import { NO_LEADER } from '../constants';
import type { BrokerRegistration, MetadataImage, PartitionImage, TopicImage } from './image';

/*
 * Read-only questions brokers and the controller ask of an image. Results are sorted (brokers
 * by id, topics by name, partitions by id) so callers and tests see a stable order whatever
 * order the log built the maps in.
 */

export function topicByName(image: MetadataImage, name: string): TopicImage | undefined {
  const id = image.topicIdsByName.get(name);
  return id === undefined ? undefined : image.topicsById.get(id);
}

export function sortedTopics(image: MetadataImage): TopicImage[] {
  return [...image.topicsById.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function sortedPartitions(topic: TopicImage): PartitionImage[] {
  return [...topic.partitions.values()].sort((a, b) => a.partition - b.partition);
}

export function partitionOf(image: MetadataImage, topicName: string, partition: number): PartitionImage | undefined {
  return topicByName(image, topicName)?.partitions.get(partition);
}

/** The partition's leader, NO_LEADER when it is offline, undefined when it does not exist. */
export function leaderOf(image: MetadataImage, topicName: string, partition: number): number | undefined {
  return partitionOf(image, topicName, partition)?.leader;
}

/** Every partition, topics by name then partitions by id, optionally only those matching. */
export function allPartitions(image: MetadataImage, matching?: (p: PartitionImage) => boolean): PartitionImage[] {
  const out: PartitionImage[] = [];
  for (const topic of sortedTopics(image)) {
    for (const p of sortedPartitions(topic)) if (!matching || matching(p)) out.push(p);
  }
  return out;
}

export function partitionsLedBy(image: MetadataImage, brokerId: number): PartitionImage[] {
  return allPartitions(image, (p) => p.leader === brokerId);
}

export function partitionsWithIsrMember(image: MetadataImage, brokerId: number): PartitionImage[] {
  return allPartitions(image, (p) => p.isr.includes(brokerId));
}

export function leaderlessPartitions(image: MetadataImage): PartitionImage[] {
  return allPartitions(image, (p) => p.leader === NO_LEADER);
}

export function hasLeaderships(image: MetadataImage, brokerId: number): boolean {
  for (const topic of image.topicsById.values()) {
    for (const p of topic.partitions.values()) if (p.leader === brokerId) return true;
  }
  return false;
}

export function topicNameOf(image: MetadataImage, partition: PartitionImage): string {
  return image.topicsById.get(partition.topicId)?.name ?? '';
}

export function sortedBrokers(image: MetadataImage): BrokerRegistration[] {
  return [...image.brokers.values()].sort((a, b) => a.brokerId - b.brokerId);
}

/** Brokers clients may be sent to (Metadata lists only these). */
export function unfencedBrokers(image: MetadataImage): BrokerRegistration[] {
  return sortedBrokers(image).filter((b) => !b.fenced);
}

/** Kafka's ClusterControlManager.isActive: registered, unfenced and not shutting down — may lead, join an ISR, get new replicas. */
export function isActiveBroker(image: MetadataImage, brokerId: number): boolean {
  const b = image.brokers.get(brokerId);
  return b !== undefined && !b.fenced && !b.inControlledShutdown;
}

export function activeBrokerIds(image: MetadataImage): number[] {
  return sortedBrokers(image)
    .filter((b) => !b.fenced && !b.inControlledShutdown)
    .map((b) => b.brokerId);
}

export function topicConfigOverrides(image: MetadataImage, topicName: string): ReadonlyMap<string, string> {
  return image.topicConfigs.get(topicName) ?? new Map();
}
