import { sortedBrokers, sortedPartitions, sortedTopics, topicConfigOverrides, type MetadataImage } from '@orderlab/metadata';

/**
 * GET /metadata: the committed image, in a fixed order, so two controllers at the same applied
 * offset give identical bodies. Brokers with state and incarnation; topics with id, configs and
 * partitions (leader, leader epoch, partition epoch, replicas, ISR).
 */
export function metadataJson(image: MetadataImage, appliedOffset: number) {
  return {
    appliedOffset,
    brokers: sortedBrokers(image).map((b) => ({
      brokerId: b.brokerId,
      state: b.inControlledShutdown ? 'controlled-shutdown' : b.fenced ? 'fenced' : 'unfenced',
      incarnationId: b.incarnationId,
      brokerEpoch: b.brokerEpoch,
      endpoints: b.endpoints.map((e) => ({ name: e.name, host: e.host, port: e.port })),
      rack: b.rack,
    })),
    topics: sortedTopics(image).map((t) => ({
      name: t.name,
      topicId: t.id,
      configs: Object.fromEntries([...topicConfigOverrides(image, t.name)].sort(([a], [b]) => (a < b ? -1 : 1))),
      partitions: sortedPartitions(t).map((p) => ({
        partition: p.partition,
        leader: p.leader,
        leaderEpoch: p.leaderEpoch,
        partitionEpoch: p.partitionEpoch,
        replicas: [...p.replicas],
        isr: [...p.isr],
      })),
    })),
    features: Object.fromEntries([...image.features].sort(([a], [b]) => (a < b ? -1 : 1))),
    nextProducerId: image.nextProducerId,
  };
}
