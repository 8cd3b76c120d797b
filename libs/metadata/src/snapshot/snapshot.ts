import { ConfigResourceType, METADATA_VERSION_FEATURE } from '../constants';
import { applyToDraft } from '../image/apply';
import { EMPTY_IMAGE, type MetadataImage, type TopicImage } from '../image/image';
import { ImageDraft } from '../image/image-draft';
import { sortedBrokers, sortedPartitions, sortedTopics } from '../image/queries';
import { metadataRecord } from '../records/record-codec';
import type { MetadataRecord } from '../records/record-types';
import { uuidFromString } from '../uuid';

/**
 * A snapshot is records, as in KRaft: the shortest record sequence that rebuilds the image
 * from empty. The order is fixed (features with metadata.version first, brokers by id, each
 * topic by name with its partitions by id, configs by resource and key, then the producer-id
 * counter) so equal images give byte-identical snapshots.
 */
export function imageToRecords(image: MetadataImage): MetadataRecord[] {
  const out: MetadataRecord[] = [];
  for (const chunk of imageToRecordChunks(image, Number.MAX_SAFE_INTEGER)) out.push(...chunk);
  return out;
}

/**
 * The same records as imageToRecords, in the same order, a few at a time: a caller can spread the
 * work of snapshotting a large image over many turns of its event loop (the image is immutable,
 * so it stays valid meanwhile). Topics are the bulk; each chunk holds whole topics, about
 * `recordsPerChunk` records.
 */
export function* imageToRecordChunks(image: MetadataImage, recordsPerChunk: number): Generator<MetadataRecord[]> {
  yield [...featureRecords(image), ...brokerRecords(image)];
  let chunk: MetadataRecord[] = [];
  for (const topic of sortedTopics(image)) {
    chunk.push(...topicRecords(topic));
    if (chunk.length >= recordsPerChunk) {
      yield chunk;
      chunk = [];
    }
  }
  yield [...chunk, ...configRecords(image), ...producerIdRecords(image)];
}

/** The image a snapshot ending at (offset, epoch) describes. */
export function loadSnapshot(records: Iterable<MetadataRecord>, offset: number, epoch: number): MetadataImage {
  const draft = new ImageDraft(EMPTY_IMAGE);
  for (const record of records) applyToDraft(draft, record);
  return draft.build(offset, epoch);
}

function featureRecords(image: MetadataImage): MetadataRecord[] {
  const names = [...image.features.keys()].sort((a, b) => {
    if (a === METADATA_VERSION_FEATURE || b === METADATA_VERSION_FEATURE) return a === METADATA_VERSION_FEATURE ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return names.map((name) => metadataRecord('FeatureLevel', { name, featureLevel: image.features.get(name) }));
}

function brokerRecords(image: MetadataImage): MetadataRecord[] {
  return sortedBrokers(image).map((b) =>
    metadataRecord('RegisterBroker', {
      brokerId: b.brokerId,
      incarnationId: uuidFromString(b.incarnationId),
      brokerEpoch: b.brokerEpoch,
      endPoints: b.endpoints.map((e) => ({ ...e })),
      rack: b.rack,
      fenced: b.fenced,
      inControlledShutdown: b.inControlledShutdown,
    }),
  );
}

function topicRecords(topic: TopicImage): MetadataRecord[] {
  const topicId = uuidFromString(topic.id);
  const out: MetadataRecord[] = [metadataRecord('Topic', { name: topic.name, topicId })];
  for (const p of sortedPartitions(topic)) {
    out.push(
      metadataRecord('Partition', {
        partitionId: p.partition,
        topicId,
        replicas: [...p.replicas],
        isr: [...p.isr],
        leader: p.leader,
        leaderEpoch: p.leaderEpoch,
        partitionEpoch: p.partitionEpoch,
      }),
    );
  }
  return out;
}

function configRecords(image: MetadataImage): MetadataRecord[] {
  const out: MetadataRecord[] = [];
  const byResource = (resourceType: number, all: ReadonlyMap<string, ReadonlyMap<string, string>>): void => {
    for (const resourceName of [...all.keys()].sort()) {
      const configs = all.get(resourceName) ?? new Map<string, string>();
      for (const name of [...configs.keys()].sort()) {
        out.push(metadataRecord('Config', { resourceType, resourceName, name, value: configs.get(name) ?? null }));
      }
    }
  };
  byResource(ConfigResourceType.TOPIC, image.topicConfigs);
  byResource(ConfigResourceType.BROKER, image.brokerConfigs);
  return out;
}

/** Kafka's ProducerIdsImage writes the counter with broker id and epoch -1: who took the last block is not part of the image. */
function producerIdRecords(image: MetadataImage): MetadataRecord[] {
  if (image.nextProducerId <= 0) return [];
  return [metadataRecord('ProducerIds', { brokerId: -1, brokerEpoch: -1, nextProducerId: image.nextProducerId })];
}
