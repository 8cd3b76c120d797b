import { metadataRecord, sortedBrokers, sortedPartitions, sortedTopics, apply, EMPTY_IMAGE, type MetadataImage, type MetadataRecord } from '../src';
import { uuid } from './kit';

/**
 * Turns random numbers into a VALID metadata history: each step looks at the image so far and
 * emits records that fit it (a broker is registered before it changes, an ISR is a subset of
 * the replicas, leaders come from the ISR, ...). Every kind of record we model appears.
 */
export type Choice = readonly [number, number, number, number];

export function historyFrom(choices: readonly Choice[]): { records: MetadataRecord[]; epochs: number[] } {
  let image = EMPTY_IMAGE;
  let epoch = 1;
  const records: MetadataRecord[] = [];
  const epochs: number[] = [];
  for (const c of choices) {
    if (c[3] % 7 === 0) epoch++;
    for (const r of step(image, c)) {
      image = apply(image, r, image.lastAppliedOffset + 1, epoch);
      records.push(r);
      epochs.push(epoch);
    }
  }
  return { records, epochs };
}

const pick = <T>(items: readonly T[], n: number): T | undefined => (items.length === 0 ? undefined : items[n % items.length]);

function step(image: MetadataImage, [kind, a, b]: Choice): MetadataRecord[] {
  const brokers = sortedBrokers(image);
  const partitions = sortedTopics(image).flatMap((t) => sortedPartitions(t));
  switch (kind % 12) {
    case 0:
      return [register(image, (a % 5) + 1, b)];
    case 1:
      return changeBroker(pick(brokers.filter((x) => x.fenced), a), { fenced: -1 });
    case 2:
      return changeBroker(pick(brokers.filter((x) => !x.fenced), a), { fenced: 1 });
    case 3:
      return changeBroker(pick(brokers.filter((x) => !x.inControlledShutdown), a), { inControlledShutdown: 1 });
    case 4:
      return createTopic(image, `t${a % 6}`, (b % 3) + 1, b);
    case 5:
      return changePartition(pick(partitions, a), b);
    case 6:
      return [config(a, b)];
    case 7: {
      const t = pick(sortedTopics(image), a);
      return t ? [metadataRecord('RemoveTopic', { topicId: Buffer.from(t.id, 'base64url') })] : [];
    }
    case 8:
      return [metadataRecord('ProducerIds', { brokerId: pick(brokers, a)?.brokerId ?? 1, brokerEpoch: 0, nextProducerId: image.nextProducerId + 1000 })];
    case 9:
      return [metadataRecord('FeatureLevel', { name: a % 2 === 0 ? 'metadata.version' : 'group.version', featureLevel: b % 3 })];
    case 10:
      return addPartition(image, pick(sortedTopics(image), a)?.name, b);
    default:
      return [metadataRecord('NoOp', {})];
  }
}

function register(image: MetadataImage, brokerId: number, n: number): MetadataRecord {
  return metadataRecord('RegisterBroker', {
    brokerId,
    incarnationId: uuid(n % 250),
    brokerEpoch: image.lastAppliedOffset + 1,
    endPoints: [{ name: 'PLAINTEXT', host: `h${brokerId}`, port: 9000 + brokerId, securityProtocol: 0 }],
    rack: n % 2 === 0 ? null : `rack-${n % 3}`,
    fenced: true,
  });
}

function changeBroker(broker: { brokerId: number; brokerEpoch: number } | undefined, change: { fenced?: number; inControlledShutdown?: number }): MetadataRecord[] {
  return broker ? [metadataRecord('BrokerRegistrationChange', { brokerId: broker.brokerId, brokerEpoch: broker.brokerEpoch, ...change })] : [];
}

function replicasFor(image: MetadataImage, rf: number, start: number): number[] {
  const ids = sortedBrokers(image).map((x) => x.brokerId);
  return Array.from({ length: Math.min(rf, ids.length) }, (_, i) => ids[(start + i) % ids.length] as number);
}

function createTopic(image: MetadataImage, name: string, count: number, n: number): MetadataRecord[] {
  if (image.topicIdsByName.has(name) || image.brokers.size === 0) return [];
  const topicId = uuid(image.lastAppliedOffset + 2);
  if (image.topicsById.has(topicId.toString('base64url'))) return [];
  const out: MetadataRecord[] = [metadataRecord('Topic', { name, topicId })];
  for (let p = 0; p < count; p++) out.push(partitionRecord(topicId, p, replicasFor(image, (n % 3) + 1, p + n)));
  return out;
}

function addPartition(image: MetadataImage, name: string | undefined, n: number): MetadataRecord[] {
  const topic = name === undefined ? undefined : image.topicsById.get(image.topicIdsByName.get(name) ?? '');
  if (!topic || image.brokers.size === 0) return [];
  return [partitionRecord(Buffer.from(topic.id, 'base64url'), topic.partitions.size, replicasFor(image, (n % 3) + 1, n))];
}

function partitionRecord(topicId: Buffer, partitionId: number, replicas: number[]): MetadataRecord {
  return metadataRecord('Partition', { topicId, partitionId, replicas, isr: replicas, leader: replicas[0], leaderEpoch: 0, partitionEpoch: 0 });
}

/** A valid change: a new non-empty ISR drawn from the replicas, a leader from it (or none), sometimes only one of the two. */
function changePartition(p: { topicId: string; partition: number; replicas: readonly number[]; isr: readonly number[] } | undefined, n: number): MetadataRecord[] {
  if (!p) return [];
  const isr = p.replicas.filter((_, i) => ((n >> i) & 1) === 1 || i === n % p.replicas.length);
  const leader = n % 5 === 0 ? -1 : (isr[n % isr.length] as number);
  const base = { topicId: Buffer.from(p.topicId, 'base64url'), partitionId: p.partition };
  if (n % 3 === 0 && p.isr.length > 0) {
    return [metadataRecord('PartitionChange', { ...base, leader: n % 2 === 0 ? -1 : (p.isr[0] as number) })];
  }
  if (n % 3 === 1) return [metadataRecord('PartitionChange', { ...base, isr, leader })];
  return [metadataRecord('PartitionChange', { ...base, isr, leader, replicas: [...p.replicas].reverse() })];
}

function config(a: number, b: number): MetadataRecord {
  const topicLevel = a % 3 !== 0;
  return metadataRecord('Config', {
    resourceType: topicLevel ? 2 : 4,
    resourceName: topicLevel ? `t${a % 6}` : String(a % 2 === 0 ? '' : 1),
    name: ['retention.ms', 'segment.bytes', 'min.insync.replicas'][b % 3] as string,
    value: b % 4 === 0 ? null : String(b),
  });
}
