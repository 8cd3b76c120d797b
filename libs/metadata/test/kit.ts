import { EMPTY_IMAGE, apply, metadataRecord, type MetadataImage, type MetadataRecord } from '../src';

/** Test helpers: fixed ids, a small valid record sequence, and replay. */
export const uuid = (n: number): Buffer => Buffer.alloc(16, n);

export function registerBroker(brokerId: number, brokerEpoch: number, incarnation = brokerId): MetadataRecord {
  return metadataRecord('RegisterBroker', {
    brokerId,
    incarnationId: uuid(100 + incarnation),
    brokerEpoch,
    endPoints: [{ name: 'PLAINTEXT', host: 'localhost', port: 9092 + 3 * brokerId, securityProtocol: 0 }],
    rack: null,
    fenced: true,
  });
}

export function unfence(brokerId: number, brokerEpoch: number): MetadataRecord {
  return metadataRecord('BrokerRegistrationChange', { brokerId, brokerEpoch, fenced: -1 });
}

export function topic(name: string, id: number): MetadataRecord {
  return metadataRecord('Topic', { name, topicId: uuid(id) });
}

export function partition(topicId: number, partitionId: number, replicas: number[], isr = replicas, leader = isr[0] ?? -1): MetadataRecord {
  return metadataRecord('Partition', { topicId: uuid(topicId), partitionId, replicas, isr, leader, leaderEpoch: 0, partitionEpoch: 0 });
}

/** Three brokers (epochs 1, 2, 3) unfenced; topic "orders" (id 1) with three partitions at rf 3; a config; a producer-id block. */
export function sampleRecords(): MetadataRecord[] {
  return [
    metadataRecord('FeatureLevel', { name: 'metadata.version', featureLevel: 14 }),
    registerBroker(1, 1),
    registerBroker(2, 2),
    registerBroker(3, 3),
    unfence(1, 1),
    unfence(2, 2),
    unfence(3, 3),
    topic('orders', 1),
    metadataRecord('Config', { resourceType: 2, resourceName: 'orders', name: 'retention.ms', value: '3600000' }),
    partition(1, 0, [1, 2, 3]),
    partition(1, 1, [2, 3, 1]),
    partition(1, 2, [3, 1, 2]),
    metadataRecord('PartitionChange', { topicId: uuid(1), partitionId: 0, isr: [1, 2] }),
    metadataRecord('ProducerIds', { brokerId: 2, brokerEpoch: 2, nextProducerId: 1000 }),
    metadataRecord('NoOp', {}),
  ];
}

/** Applies records at the offsets after the image's, all in `epoch`. */
export function replay(records: readonly MetadataRecord[], image: MetadataImage = EMPTY_IMAGE, epoch = 1): MetadataImage {
  let out = image;
  for (const r of records) out = apply(out, r, out.lastAppliedOffset + 1, epoch);
  return out;
}

export function sampleImage(): MetadataImage {
  return replay(sampleRecords());
}
