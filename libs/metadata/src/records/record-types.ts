import type { MessageInput, MessageOf } from '@orderlab/kafka-protocol';
import {
  BrokerRegistrationChangeRecord,
  ConfigRecord,
  FeatureLevelRecord,
  FenceBrokerRecord,
  NoOpRecord,
  PartitionChangeRecord,
  PartitionRecord,
  ProducerIdsRecord,
  RegisterBrokerRecord,
  RemoveTopicRecord,
  TopicRecord,
  UnfenceBrokerRecord,
} from './schemas';

/**
 * The record union, one entry per record type: its schema and the version we write. The
 * written versions are those Kafka writes at metadata.version 3.6-IV2 (feature level 14):
 * RegisterBroker v2 (no log dirs), Partition/PartitionChange v0 (no JBOD directories, no ELR),
 * fencing through BrokerRegistrationChange (v1 only when it carries InControlledShutdown), and no
 * leader-epoch bump on an ISR shrink. FenceBroker/UnfenceBroker (the pre-3.3 way) are decoded and
 * applied but never written.
 */
export const METADATA_RECORD_TYPES = {
  RegisterBroker: { spec: RegisterBrokerRecord, version: 2 },
  Topic: { spec: TopicRecord, version: 0 },
  Partition: { spec: PartitionRecord, version: 0 },
  Config: { spec: ConfigRecord, version: 0 },
  PartitionChange: { spec: PartitionChangeRecord, version: 0 },
  FenceBroker: { spec: FenceBrokerRecord, version: 0 },
  UnfenceBroker: { spec: UnfenceBrokerRecord, version: 0 },
  RemoveTopic: { spec: RemoveTopicRecord, version: 0 },
  FeatureLevel: { spec: FeatureLevelRecord, version: 0 },
  ProducerIds: { spec: ProducerIdsRecord, version: 0 },
  BrokerRegistrationChange: { spec: BrokerRegistrationChangeRecord, version: 0 },
  NoOp: { spec: NoOpRecord, version: 0 },
} as const;

type Types = typeof METADATA_RECORD_TYPES;
export type MetadataRecordType = keyof Types;

/** A decoded record: its type tag plus every field of its schema (absent ones hold Kafka's defaults). */
export type MetadataRecordOf<T extends MetadataRecordType> = { readonly type: T } & Readonly<MessageOf<Types[T]['spec']>>;
/** What the record constructor accepts: any field may be omitted and gets its default. */
export type MetadataRecordInput<T extends MetadataRecordType> = MessageInput<Types[T]['spec']>;

export type MetadataRecord = { [T in MetadataRecordType]: MetadataRecordOf<T> }[MetadataRecordType];

export type RegisterBrokerRecordData = MetadataRecordOf<'RegisterBroker'>;
export type TopicRecordData = MetadataRecordOf<'Topic'>;
export type PartitionRecordData = MetadataRecordOf<'Partition'>;
export type ConfigRecordData = MetadataRecordOf<'Config'>;
export type PartitionChangeRecordData = MetadataRecordOf<'PartitionChange'>;
export type FenceBrokerRecordData = MetadataRecordOf<'FenceBroker'>;
export type UnfenceBrokerRecordData = MetadataRecordOf<'UnfenceBroker'>;
export type RemoveTopicRecordData = MetadataRecordOf<'RemoveTopic'>;
export type FeatureLevelRecordData = MetadataRecordOf<'FeatureLevel'>;
export type ProducerIdsRecordData = MetadataRecordOf<'ProducerIds'>;
export type BrokerRegistrationChangeRecordData = MetadataRecordOf<'BrokerRegistrationChange'>;
export type NoOpRecordData = MetadataRecordOf<'NoOp'>;

const TYPE_BY_API_KEY = new Map<number, MetadataRecordType>(
  (Object.keys(METADATA_RECORD_TYPES) as MetadataRecordType[]).map((t) => [METADATA_RECORD_TYPES[t].spec.apiKey, t]),
);

export function recordTypeForApiKey(apiKey: number): MetadataRecordType | undefined {
  return TYPE_BY_API_KEY.get(apiKey);
}

/** The version Kafka writes for a record of this type and content at our metadata.version. */
export function writeVersionOf(type: MetadataRecordType, fields: object): number {
  if (type === 'BrokerRegistrationChange' && ((fields as { inControlledShutdown?: number }).inControlledShutdown ?? 0) !== 0) return 1;
  return METADATA_RECORD_TYPES[type].version;
}
