import { ConfigResourceType, NO_LEADER, NO_LEADER_CHANGE } from '../constants';
import type {
  BrokerRegistrationChangeRecordData,
  ConfigRecordData,
  FeatureLevelRecordData,
  MetadataRecord,
  MetadataRecordOf,
  MetadataRecordType,
  PartitionChangeRecordData,
  PartitionRecordData,
  ProducerIdsRecordData,
  RegisterBrokerRecordData,
  RemoveTopicRecordData,
  TopicRecordData,
} from '../records/record-types';
import { uuidToString } from '../uuid';
import { MetadataApplyError } from './apply-error';
import type { BrokerRegistration, MetadataImage, PartitionImage, TopicImage } from './image';

/**
 * The one replay function, used by controllers and brokers alike: the image after `record`,
 * read from the log at (offset, epoch). Offsets must increase. Throws MetadataApplyError (and
 * leaves `image` as it was) for a record that does not fit the image.
 */
export function apply(image: MetadataImage, record: MetadataRecord, offset: number, epoch: number): MetadataImage {
  if (offset <= image.lastAppliedOffset) {
    throw new MetadataApplyError('APPLY.OFFSET_NOT_INCREASING', `record at offset ${offset} applied after offset ${image.lastAppliedOffset}`);
  }
  return { ...applyContent(image, record), lastAppliedOffset: offset, lastAppliedEpoch: epoch };
}

/** The image after the record, position unchanged: a snapshot's records all share one position. */
export function applyContent(image: MetadataImage, record: MetadataRecord): MetadataImage {
  const handler = HANDLERS[record.type] as (i: MetadataImage, r: MetadataRecord) => MetadataImage;
  return handler(image, record);
}

type Handlers = { readonly [T in MetadataRecordType]: (image: MetadataImage, record: MetadataRecordOf<T>) => MetadataImage };

const HANDLERS: Handlers = {
  RegisterBroker: registerBroker,
  BrokerRegistrationChange: brokerRegistrationChange,
  FenceBroker: (image, r) => changeBroker(image, r.id, r.epoch, { fenced: true }),
  UnfenceBroker: (image, r) => changeBroker(image, r.id, r.epoch, { fenced: false }),
  Topic: addTopic,
  Partition: putPartition,
  PartitionChange: changePartition,
  RemoveTopic: removeTopic,
  Config: setConfig,
  FeatureLevel: setFeatureLevel,
  ProducerIds: advanceProducerIds,
  NoOp: (image) => image,
};

function withEntry<K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> {
  return new Map(map).set(key, value);
}

function withoutEntry<K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> {
  const next = new Map(map);
  next.delete(key);
  return next;
}

function registerBroker(image: MetadataImage, r: RegisterBrokerRecordData): MetadataImage {
  const registration: BrokerRegistration = {
    brokerId: r.brokerId,
    incarnationId: uuidToString(r.incarnationId),
    brokerEpoch: r.brokerEpoch,
    endpoints: r.endPoints.map((e) => ({ name: e.name, host: e.host, port: e.port, securityProtocol: e.securityProtocol })),
    rack: r.rack,
    fenced: r.fenced,
    inControlledShutdown: r.inControlledShutdown,
  };
  return { ...image, brokers: withEntry(image.brokers, r.brokerId, registration) };
}

function brokerRegistrationChange(image: MetadataImage, r: BrokerRegistrationChangeRecordData): MetadataImage {
  const change: { fenced?: boolean; inControlledShutdown?: boolean } = {};
  if (r.fenced === 1) change.fenced = true;
  else if (r.fenced === -1) change.fenced = false;
  if (r.inControlledShutdown === 1) change.inControlledShutdown = true;
  return changeBroker(image, r.brokerId, r.brokerEpoch, change);
}

function changeBroker(
  image: MetadataImage,
  brokerId: number,
  brokerEpoch: number,
  change: { fenced?: boolean; inControlledShutdown?: boolean },
): MetadataImage {
  const current = image.brokers.get(brokerId);
  if (!current) throw new MetadataApplyError('APPLY.UNKNOWN_BROKER', `broker ${brokerId} is not registered`);
  if (current.brokerEpoch !== brokerEpoch) {
    throw new MetadataApplyError('APPLY.BROKER_EPOCH_MISMATCH', `broker ${brokerId} has epoch ${current.brokerEpoch}, the record names ${brokerEpoch}`);
  }
  return { ...image, brokers: withEntry(image.brokers, brokerId, { ...current, ...change }) };
}

function addTopic(image: MetadataImage, r: TopicRecordData): MetadataImage {
  const id = uuidToString(r.topicId);
  if (image.topicIdsByName.has(r.name)) throw new MetadataApplyError('APPLY.TOPIC_EXISTS', `topic ${r.name} already exists`);
  if (image.topicsById.has(id)) throw new MetadataApplyError('APPLY.TOPIC_EXISTS', `topic id ${id} already exists`);
  const topic: TopicImage = { name: r.name, id, partitions: new Map() };
  return { ...image, topicsById: withEntry(image.topicsById, id, topic), topicIdsByName: withEntry(image.topicIdsByName, r.name, id) };
}

function topicOf(image: MetadataImage, topicId: Buffer): TopicImage {
  const id = uuidToString(topicId);
  const topic = image.topicsById.get(id);
  if (!topic) throw new MetadataApplyError('APPLY.UNKNOWN_TOPIC', `topic id ${id} does not exist`);
  return topic;
}

function withPartition(image: MetadataImage, topic: TopicImage, partition: PartitionImage): MetadataImage {
  checkPartition(topic, partition);
  const updated: TopicImage = { ...topic, partitions: withEntry(topic.partitions, partition.partition, partition) };
  return { ...image, topicsById: withEntry(image.topicsById, topic.id, updated) };
}

/** The invariants every partition keeps: replicas distinct, ISR a subset of them, leader in the ISR or none. */
function checkPartition(topic: TopicImage, p: PartitionImage): void {
  const where = `${topic.name}-${p.partition}`;
  const fail = (why: string): never => {
    throw new MetadataApplyError('APPLY.INVALID_PARTITION', `${where}: ${why}`);
  };
  if (p.partition < 0) fail('negative partition id');
  if (p.replicas.length === 0) fail('no replicas');
  if (new Set(p.replicas).size !== p.replicas.length) fail(`duplicate replicas ${JSON.stringify(p.replicas)}`);
  if (new Set(p.isr).size !== p.isr.length) fail(`duplicate ISR members ${JSON.stringify(p.isr)}`);
  const outside = p.isr.find((b) => !p.replicas.includes(b));
  if (outside !== undefined) fail(`ISR member ${outside} is not a replica`);
  if (p.leader !== NO_LEADER && !p.isr.includes(p.leader)) fail(`leader ${p.leader} is not in the ISR ${JSON.stringify(p.isr)}`);
}

function putPartition(image: MetadataImage, r: PartitionRecordData): MetadataImage {
  const topic = topicOf(image, r.topicId);
  return withPartition(image, topic, {
    topicId: topic.id,
    partition: r.partitionId,
    replicas: [...r.replicas],
    isr: [...r.isr],
    leader: r.leader,
    leaderEpoch: r.leaderEpoch,
    partitionEpoch: r.partitionEpoch,
  });
}

/** PartitionRegistration.merge: null fields are unchanged; any leader change bumps the leader epoch; every change bumps the partition epoch. */
function changePartition(image: MetadataImage, r: PartitionChangeRecordData): MetadataImage {
  const topic = topicOf(image, r.topicId);
  const current = topic.partitions.get(r.partitionId);
  if (!current) throw new MetadataApplyError('APPLY.UNKNOWN_PARTITION', `partition ${topic.name}-${r.partitionId} does not exist`);
  const leaderChanged = r.leader !== NO_LEADER_CHANGE;
  return withPartition(image, topic, {
    ...current,
    replicas: r.replicas === null ? current.replicas : [...r.replicas],
    isr: r.isr === null ? current.isr : [...r.isr],
    leader: leaderChanged ? r.leader : current.leader,
    leaderEpoch: leaderChanged ? current.leaderEpoch + 1 : current.leaderEpoch,
    partitionEpoch: current.partitionEpoch + 1,
  });
}

function removeTopic(image: MetadataImage, r: RemoveTopicRecordData): MetadataImage {
  const topic = topicOf(image, r.topicId);
  return {
    ...image,
    topicsById: withoutEntry(image.topicsById, topic.id),
    topicIdsByName: withoutEntry(image.topicIdsByName, topic.name),
    topicConfigs: withoutEntry(image.topicConfigs, topic.name),
  };
}

function setConfig(image: MetadataImage, r: ConfigRecordData): MetadataImage {
  if (r.resourceType === ConfigResourceType.TOPIC) return { ...image, topicConfigs: withConfig(image.topicConfigs, r) };
  if (r.resourceType === ConfigResourceType.BROKER) return { ...image, brokerConfigs: withConfig(image.brokerConfigs, r) };
  throw new MetadataApplyError('APPLY.UNSUPPORTED_CONFIG_RESOURCE', `config resource type ${r.resourceType} is not supported`);
}

function withConfig(
  all: ReadonlyMap<string, ReadonlyMap<string, string>>,
  r: ConfigRecordData,
): ReadonlyMap<string, ReadonlyMap<string, string>> {
  const current = all.get(r.resourceName) ?? new Map<string, string>();
  const next = r.value === null ? withoutEntry(current, r.name) : withEntry(current, r.name, r.value);
  return next.size === 0 ? withoutEntry(all, r.resourceName) : withEntry(all, r.resourceName, next);
}

function setFeatureLevel(image: MetadataImage, r: FeatureLevelRecordData): MetadataImage {
  const features = r.featureLevel === 0 ? withoutEntry(image.features, r.name) : withEntry(image.features, r.name, r.featureLevel);
  return { ...image, features };
}

function advanceProducerIds(image: MetadataImage, r: ProducerIdsRecordData): MetadataImage {
  if (r.nextProducerId <= image.nextProducerId) {
    throw new MetadataApplyError(
      'APPLY.PRODUCER_ID_NOT_INCREASING',
      `next producer id ${r.nextProducerId} is not above the current ${image.nextProducerId}`,
    );
  }
  return { ...image, nextProducerId: r.nextProducerId };
}
