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
import { ImageDraft } from './image-draft';

/**
 * The one replay function, used by controllers and brokers alike: the image after `record`,
 * read from the log at (offset, epoch). Offsets must increase. Throws MetadataApplyError (and
 * leaves `image` as it was) for a record that does not fit the image.
 */
export function apply(image: MetadataImage, record: MetadataRecord, offset: number, epoch: number): MetadataImage {
  return applyBatch(image, [record], offset, epoch);
}

/**
 * The image after a run of records at consecutive offsets from `firstOffset`, all in `epoch`
 * (a Raft batch): the same as applying them one by one, but each map is copied once for the
 * whole run. All or nothing: on a record that does not fit, MetadataApplyError names its offset
 * and `image` is unchanged.
 */
export function applyBatch(image: MetadataImage, records: readonly MetadataRecord[], firstOffset: number, epoch: number): MetadataImage {
  if (firstOffset <= image.lastAppliedOffset) {
    throw new MetadataApplyError('APPLY.OFFSET_NOT_INCREASING', `record at offset ${firstOffset} applied after offset ${image.lastAppliedOffset}`);
  }
  if (records.length === 0) return image;
  const draft = new ImageDraft(image);
  records.forEach((record, i) => {
    try {
      applyToDraft(draft, record);
    } catch (e) {
      if (e instanceof MetadataApplyError && records.length > 1) throw new MetadataApplyError(e.code, `at offset ${firstOffset + i}: ${e.message}`);
      throw e;
    }
  });
  return draft.build(firstOffset + records.length - 1, epoch);
}

/** Applies one record to a draft; a record that does not fit throws before the draft is written. */
export function applyToDraft(draft: ImageDraft, record: MetadataRecord): void {
  const handler = HANDLERS[record.type] as (d: ImageDraft, r: MetadataRecord) => void;
  handler(draft, record);
}

type Handlers = { readonly [T in MetadataRecordType]: (draft: ImageDraft, record: MetadataRecordOf<T>) => void };

const HANDLERS: Handlers = {
  RegisterBroker: registerBroker,
  BrokerRegistrationChange: brokerRegistrationChange,
  FenceBroker: (d, r) => changeBroker(d, r.id, r.epoch, { fenced: true }),
  UnfenceBroker: (d, r) => changeBroker(d, r.id, r.epoch, { fenced: false }),
  Topic: addTopic,
  Partition: putPartition,
  PartitionChange: changePartition,
  RemoveTopic: removeTopic,
  Config: setConfig,
  FeatureLevel: setFeatureLevel,
  ProducerIds: advanceProducerIds,
  NoOp: () => undefined,
};

function registerBroker(draft: ImageDraft, r: RegisterBrokerRecordData): void {
  const registration: BrokerRegistration = {
    brokerId: r.brokerId,
    incarnationId: uuidToString(r.incarnationId),
    brokerEpoch: r.brokerEpoch,
    endpoints: r.endPoints.map((e) => ({ name: e.name, host: e.host, port: e.port, securityProtocol: e.securityProtocol })),
    rack: r.rack,
    fenced: r.fenced,
    inControlledShutdown: r.inControlledShutdown,
  };
  draft.writableBrokers().set(r.brokerId, registration);
}

function brokerRegistrationChange(draft: ImageDraft, r: BrokerRegistrationChangeRecordData): void {
  const change: { fenced?: boolean; inControlledShutdown?: boolean } = {};
  if (r.fenced === 1) change.fenced = true;
  else if (r.fenced === -1) change.fenced = false;
  if (r.inControlledShutdown === 1) change.inControlledShutdown = true;
  changeBroker(draft, r.brokerId, r.brokerEpoch, change);
}

function changeBroker(draft: ImageDraft, brokerId: number, brokerEpoch: number, change: { fenced?: boolean; inControlledShutdown?: boolean }): void {
  const current = draft.brokers.get(brokerId);
  if (!current) throw new MetadataApplyError('APPLY.UNKNOWN_BROKER', `broker ${brokerId} is not registered`);
  if (current.brokerEpoch !== brokerEpoch) {
    throw new MetadataApplyError('APPLY.BROKER_EPOCH_MISMATCH', `broker ${brokerId} has epoch ${current.brokerEpoch}, the record names ${brokerEpoch}`);
  }
  draft.writableBrokers().set(brokerId, { ...current, ...change });
}

function addTopic(draft: ImageDraft, r: TopicRecordData): void {
  const id = uuidToString(r.topicId);
  if (draft.topicIdsByName.has(r.name)) throw new MetadataApplyError('APPLY.TOPIC_EXISTS', `topic ${r.name} already exists`);
  if (draft.topicsById.has(id)) throw new MetadataApplyError('APPLY.TOPIC_EXISTS', `topic id ${id} already exists`);
  draft.addTopic({ name: r.name, id, partitions: new Map() });
}

function topicOf(draft: ImageDraft, topicId: Buffer): TopicImage {
  const id = uuidToString(topicId);
  const topic = draft.topicsById.get(id);
  if (!topic) throw new MetadataApplyError('APPLY.UNKNOWN_TOPIC', `topic id ${id} does not exist`);
  return topic;
}

function putPartitionImage(draft: ImageDraft, topic: TopicImage, partition: PartitionImage): void {
  checkPartition(topic, partition);
  draft.writablePartitions(topic).set(partition.partition, partition);
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

function putPartition(draft: ImageDraft, r: PartitionRecordData): void {
  const topic = topicOf(draft, r.topicId);
  putPartitionImage(draft, topic, {
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
function changePartition(draft: ImageDraft, r: PartitionChangeRecordData): void {
  const topic = topicOf(draft, r.topicId);
  const current = topic.partitions.get(r.partitionId);
  if (!current) throw new MetadataApplyError('APPLY.UNKNOWN_PARTITION', `partition ${topic.name}-${r.partitionId} does not exist`);
  const leaderChanged = r.leader !== NO_LEADER_CHANGE;
  putPartitionImage(draft, topic, {
    ...current,
    replicas: r.replicas === null ? current.replicas : [...r.replicas],
    isr: r.isr === null ? current.isr : [...r.isr],
    leader: leaderChanged ? r.leader : current.leader,
    leaderEpoch: leaderChanged ? current.leaderEpoch + 1 : current.leaderEpoch,
    partitionEpoch: current.partitionEpoch + 1,
  });
}

function removeTopic(draft: ImageDraft, r: RemoveTopicRecordData): void {
  const topic = topicOf(draft, r.topicId);
  draft.removeTopic(topic);
  if (draft.topicConfigs.has(topic.name)) draft.writableTopicConfigs().delete(topic.name);
}

function setConfig(draft: ImageDraft, r: ConfigRecordData): void {
  if (r.resourceType === ConfigResourceType.TOPIC) setConfigIn(draft.topicConfigs, () => draft.writableTopicConfigs(), r);
  else if (r.resourceType === ConfigResourceType.BROKER) setConfigIn(draft.brokerConfigs, () => draft.writableBrokerConfigs(), r);
  else throw new MetadataApplyError('APPLY.UNSUPPORTED_CONFIG_RESOURCE', `config resource type ${r.resourceType} is not supported`);
}

/** Config maps per resource are small: each change copies the one it touches. */
function setConfigIn(
  all: ReadonlyMap<string, ReadonlyMap<string, string>>,
  writable: () => Map<string, ReadonlyMap<string, string>>,
  r: ConfigRecordData,
): void {
  const next = new Map(all.get(r.resourceName) ?? []);
  if (r.value === null) next.delete(r.name);
  else next.set(r.name, r.value);
  if (next.size === 0) writable().delete(r.resourceName);
  else writable().set(r.resourceName, next);
}

function setFeatureLevel(draft: ImageDraft, r: FeatureLevelRecordData): void {
  if (r.featureLevel === 0) draft.writableFeatures().delete(r.name);
  else draft.writableFeatures().set(r.name, r.featureLevel);
}

function advanceProducerIds(draft: ImageDraft, r: ProducerIdsRecordData): void {
  if (r.nextProducerId <= draft.nextProducerId) {
    throw new MetadataApplyError('APPLY.PRODUCER_ID_NOT_INCREASING', `next producer id ${r.nextProducerId} is not above the current ${draft.nextProducerId}`);
  }
  draft.nextProducerId = r.nextProducerId;
}
