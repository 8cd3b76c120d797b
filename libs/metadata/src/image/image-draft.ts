import type { UuidString } from '../uuid';
import type { BrokerRegistration, MetadataImage, PartitionImage, TopicImage } from './image';

type ConfigMaps = ReadonlyMap<string, ReadonlyMap<string, string>>;

/**
 * The image being built by a run of records. Each map of the base image is copied the first
 * time the run writes to it — and a topic's partitions the first time the run changes one of
 * them — then written in place, so a batch of n records costs O(n + what it touches) instead of
 * copying a whole topic per record (a 10,000-partition CreateTopics would otherwise be
 * quadratic). The base image is never written. `view()` reads the draft as it stands; an image
 * from `build()` owns the copies, after which the draft must not be used.
 */
export class ImageDraft {
  private brokersCopy: Map<number, BrokerRegistration> | undefined;
  private topicsByIdCopy: Map<UuidString, TopicImage> | undefined;
  private topicIdsByNameCopy: Map<string, UuidString> | undefined;
  private topicConfigsCopy: Map<string, ReadonlyMap<string, string>> | undefined;
  private brokerConfigsCopy: Map<string, ReadonlyMap<string, string>> | undefined;
  private featuresCopy: Map<string, number> | undefined;
  /** Topics whose partitions map is this draft's own copy. */
  private readonly ownPartitions = new Set<UuidString>();
  nextProducerId: number;
  private built = false;

  constructor(private readonly base: MetadataImage) {
    this.nextProducerId = base.nextProducerId;
  }

  get brokers(): ReadonlyMap<number, BrokerRegistration> {
    return this.brokersCopy ?? this.base.brokers;
  }
  get topicsById(): ReadonlyMap<UuidString, TopicImage> {
    return this.topicsByIdCopy ?? this.base.topicsById;
  }
  get topicIdsByName(): ReadonlyMap<string, UuidString> {
    return this.topicIdsByNameCopy ?? this.base.topicIdsByName;
  }
  get topicConfigs(): ConfigMaps {
    return this.topicConfigsCopy ?? this.base.topicConfigs;
  }
  get brokerConfigs(): ConfigMaps {
    return this.brokerConfigsCopy ?? this.base.brokerConfigs;
  }
  get features(): ReadonlyMap<string, number> {
    return this.featuresCopy ?? this.base.features;
  }

  writableBrokers(): Map<number, BrokerRegistration> {
    this.checkOpen();
    return (this.brokersCopy ??= new Map(this.base.brokers));
  }
  writableTopicsById(): Map<UuidString, TopicImage> {
    this.checkOpen();
    return (this.topicsByIdCopy ??= new Map(this.base.topicsById));
  }
  writableTopicIdsByName(): Map<string, UuidString> {
    this.checkOpen();
    return (this.topicIdsByNameCopy ??= new Map(this.base.topicIdsByName));
  }
  writableTopicConfigs(): Map<string, ReadonlyMap<string, string>> {
    this.checkOpen();
    return (this.topicConfigsCopy ??= new Map(this.base.topicConfigs));
  }
  writableBrokerConfigs(): Map<string, ReadonlyMap<string, string>> {
    this.checkOpen();
    return (this.brokerConfigsCopy ??= new Map(this.base.brokerConfigs));
  }
  writableFeatures(): Map<string, number> {
    this.checkOpen();
    return (this.featuresCopy ??= new Map(this.base.features));
  }

  /** A new topic's partitions map is the draft's own from the start. */
  addTopic(topic: TopicImage): void {
    this.writableTopicsById().set(topic.id, topic);
    this.writableTopicIdsByName().set(topic.name, topic.id);
    this.ownPartitions.add(topic.id);
  }

  removeTopic(topic: TopicImage): void {
    this.writableTopicsById().delete(topic.id);
    this.writableTopicIdsByName().delete(topic.name);
    this.ownPartitions.delete(topic.id);
  }

  /** The topic's partitions, writable: copied (with a new TopicImage holding the copy) the first time. */
  writablePartitions(topic: TopicImage): Map<number, PartitionImage> {
    this.checkOpen();
    if (this.ownPartitions.has(topic.id)) return topic.partitions as Map<number, PartitionImage>;
    const partitions = new Map(topic.partitions);
    this.writableTopicsById().set(topic.id, { ...topic, partitions });
    this.ownPartitions.add(topic.id);
    return partitions;
  }

  /** The draft as it stands, to read; it changes with the draft. */
  view(): MetadataImage {
    return this.imageAt(this.base.lastAppliedOffset, this.base.lastAppliedEpoch);
  }

  /** The finished image at (offset, epoch). The draft is spent. */
  build(offset: number, epoch: number): MetadataImage {
    const image = this.imageAt(offset, epoch);
    this.built = true;
    return image;
  }

  private imageAt(lastAppliedOffset: number, lastAppliedEpoch: number): MetadataImage {
    return {
      brokers: this.brokers,
      topicsById: this.topicsById,
      topicIdsByName: this.topicIdsByName,
      topicConfigs: this.topicConfigs,
      brokerConfigs: this.brokerConfigs,
      features: this.features,
      nextProducerId: this.nextProducerId,
      lastAppliedOffset,
      lastAppliedEpoch,
    };
  }

  private checkOpen(): void {
    if (this.built) throw new Error('ImageDraft used after build(): the image it built owns its maps');
  }
}
