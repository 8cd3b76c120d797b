import { ConfigResourceType, NO_LEADER, allPartitions, decodeMetadataRecord, encodeMetadataRecord, metadataRecord, uuidFromString, type MetadataImage, type MetadataRecord } from '@orderlab/metadata';
import { MetadataMachine } from './metadata-machine';
import type { RecordScheme } from './record-scheme';
import type { Rng } from './rng';
import type { SimNode } from './sim-node';

/** Every proposal starts with this broker config naming its id (how the final count finds it). */
const TAG = 'sim.proposal';
const BROKERS = [1, 2, 3, 4, 5];

const topicIdOf = (id: string, k: number): Buffer => {
  const b = Buffer.alloc(16);
  b.writeUInt32BE(0x51ae0000 + k, 0);
  b.writeDoubleBE(Number(id.slice(1)), 8);
  return b;
};

function subset(rng: Rng, from: readonly number[], min: number): number[] {
  const picked = from.filter(() => rng.chance(0.6));
  while (picked.length < min) picked.push(from.find((x) => !picked.includes(x))!);
  return picked;
}

/** A topic with 1-3 partitions (and sometimes a config, sometimes removed again in the same batch). */
function createTopic(id: string, k: number, rng: Rng): MetadataRecord[] {
  const topicId = topicIdOf(id, k);
  const out: MetadataRecord[] = [metadataRecord('Topic', { name: `t.${id}.${k}`, topicId })];
  for (let p = 0; p < rng.int(1, 3); p++) {
    const replicas = subset(rng, [1, 2, 3], 1);
    const isr = subset(rng, replicas, 1);
    out.push(metadataRecord('Partition', { partitionId: p, topicId, replicas, isr, leader: rng.chance(0.2) ? NO_LEADER : rng.pick(isr), leaderEpoch: 0, partitionEpoch: 0 }));
  }
  if (rng.chance(0.3)) out.push(metadataRecord('Config', { resourceType: ConfigResourceType.TOPIC, resourceName: `t.${id}.${k}`, name: 'retention.ms', value: String(rng.int(1000, 9999)) }));
  if (rng.chance(0.15)) out.push(metadataRecord('RemoveTopic', { topicId }));
  return out;
}

/** A new leader and ISR (from its replicas) for a partition the proposer knows to be committed. */
function changePartition(image: MetadataImage, rng: Rng): MetadataRecord[] {
  const partitions = allPartitions(image);
  if (partitions.length === 0) return [];
  const p = rng.pick(partitions);
  const isr = subset(rng, p.replicas, 1);
  return [metadataRecord('PartitionChange', { topicId: uuidFromString(p.topicId), partitionId: p.partition, isr, leader: rng.chance(0.2) ? NO_LEADER : rng.pick(isr) })];
}

function oneChange(id: string, k: number, image: MetadataImage, rng: Rng): MetadataRecord[] {
  switch (rng.int(0, 5)) {
    case 0:
      return [metadataRecord('RegisterBroker', { brokerId: rng.pick(BROKERS), incarnationId: topicIdOf(id, k), brokerEpoch: k, endPoints: [{ name: 'PLAINTEXT', host: 'localhost', port: 9092, securityProtocol: 0 }], rack: null, fenced: rng.chance(0.5), inControlledShutdown: false })];
    case 1:
    case 2:
      return createTopic(id, k, rng);
    case 3:
      return changePartition(image, rng);
    case 4:
      return [metadataRecord('FeatureLevel', { name: 'sim.feature', featureLevel: rng.int(1, 9) })];
    default:
      return [metadataRecord('NoOp', {})];
  }
}

/**
 * Metadata records like the controller's decisions, each valid whatever else commits before it
 * (the sim's proposers have no working image across leader changes, as the controller does):
 * broker registrations (which replace), topics with fresh names and ids and their partitions,
 * partition changes of committed partitions (topics are only ever removed in the batch that
 * created them), feature levels, configs, no-ops. Left out: fencing by broker epoch and
 * producer-id blocks, whose validity depends on the exact preceding record.
 */
export const METADATA_RECORDS: RecordScheme = {
  make(id: string, node: SimNode, rng: Rng, maxRecords: number, count?: number): Buffer[] {
    const image = node.sm instanceof MetadataMachine ? node.sm.image : undefined;
    const records: MetadataRecord[] = [metadataRecord('Config', { resourceType: ConfigResourceType.BROKER, resourceName: '', name: TAG, value: id })];
    const changes = count === undefined ? rng.int(1, maxRecords) : count - 1;
    for (let k = 0; k < changes && image; k++) records.push(...oneChange(id, k, image, rng));
    return records.map((r) => encodeMetadataRecord(r));
  },
  idsOf(records: readonly Buffer[]): string[] {
    const ids: string[] = [];
    for (const bytes of records) {
      const r = decodeMetadataRecord(bytes);
      if (r.type === 'Config' && r.name === TAG && r.value !== null) ids.push(r.value);
    }
    return ids;
  },
};
