import type { MessageSpec } from '@orderlab/kafka-protocol';

/*
 * KRaft metadata-log records, declared in the shape of Apache Kafka's own JSON definitions
 * (metadata/src/main/resources/common/metadata/*.json, apache/kafka trunk, Oct 2024), with every
 * version Kafka defines so a log written by Kafka decodes too. Which version we WRITE is chosen
 * in record-types.ts (the versions of metadata.version 3.6-IV2). Field names are Kafka's in
 * camelCase. All metadata records are flexible from version 0.
 */

export const RegisterBrokerRecord = {
  name: 'RegisterBrokerRecord',
  apiKey: 0,
  type: 'metadata',
  validVersions: '0-3',
  flexibleVersions: '0+',
  fields: [
    { name: 'brokerId', type: 'int32', versions: '0+' },
    { name: 'isMigratingZkBroker', type: 'bool', versions: '2+', default: false },
    { name: 'incarnationId', type: 'uuid', versions: '0+' },
    { name: 'brokerEpoch', type: 'int64', versions: '0+' },
    {
      name: 'endPoints',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        { name: 'host', type: 'string', versions: '0+' },
        { name: 'port', type: 'uint16', versions: '0+' },
        { name: 'securityProtocol', type: 'int16', versions: '0+' },
      ],
    },
    {
      name: 'features',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        { name: 'minSupportedVersion', type: 'int16', versions: '0+' },
        { name: 'maxSupportedVersion', type: 'int16', versions: '0+' },
      ],
    },
    { name: 'rack', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
    { name: 'fenced', type: 'bool', versions: '0+', default: true },
    { name: 'inControlledShutdown', type: 'bool', versions: '1+', default: false },
    { name: 'logDirs', type: '[]uuid', versions: '3+', taggedVersions: '3+', tag: 0 },
  ],
} as const satisfies MessageSpec;

export const TopicRecord = {
  name: 'TopicRecord',
  apiKey: 2,
  type: 'metadata',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'name', type: 'string', versions: '0+' },
    { name: 'topicId', type: 'uuid', versions: '0+' },
  ],
} as const satisfies MessageSpec;

export const PartitionRecord = {
  name: 'PartitionRecord',
  apiKey: 3,
  type: 'metadata',
  validVersions: '0-2',
  flexibleVersions: '0+',
  fields: [
    { name: 'partitionId', type: 'int32', versions: '0+', default: -1 },
    { name: 'topicId', type: 'uuid', versions: '0+' },
    { name: 'replicas', type: '[]int32', versions: '0+' },
    { name: 'isr', type: '[]int32', versions: '0+' },
    { name: 'removingReplicas', type: '[]int32', versions: '0+' },
    { name: 'addingReplicas', type: '[]int32', versions: '0+' },
    { name: 'leader', type: 'int32', versions: '0+', default: -1 },
    { name: 'leaderRecoveryState', type: 'int8', versions: '0+', taggedVersions: '0+', tag: 0, default: 0 },
    { name: 'leaderEpoch', type: 'int32', versions: '0+', default: -1 },
    { name: 'partitionEpoch', type: 'int32', versions: '0+', default: -1 },
    { name: 'directories', type: '[]uuid', versions: '1+' },
    { name: 'eligibleLeaderReplicas', type: '[]int32', versions: '2+', nullableVersions: '2+', taggedVersions: '2+', tag: 1, default: null },
    { name: 'lastKnownElr', type: '[]int32', versions: '2+', nullableVersions: '2+', taggedVersions: '2+', tag: 2, default: null },
  ],
} as const satisfies MessageSpec;

export const ConfigRecord = {
  name: 'ConfigRecord',
  apiKey: 4,
  type: 'metadata',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'resourceType', type: 'int8', versions: '0+' },
    { name: 'resourceName', type: 'string', versions: '0+' },
    { name: 'name', type: 'string', versions: '0+' },
    /** null deletes the key (the config returns to its default). */
    { name: 'value', type: 'string', versions: '0+', nullableVersions: '0+' },
  ],
} as const satisfies MessageSpec;

export const PartitionChangeRecord = {
  name: 'PartitionChangeRecord',
  apiKey: 5,
  type: 'metadata',
  validVersions: '0-2',
  flexibleVersions: '0+',
  fields: [
    { name: 'partitionId', type: 'int32', versions: '0+', default: -1 },
    { name: 'topicId', type: 'uuid', versions: '0+' },
    /** null: the ISR did not change. */
    { name: 'isr', type: '[]int32', versions: '0+', nullableVersions: '0+', taggedVersions: '0+', tag: 0, default: null },
    /** -1: there is now no leader; -2: the leader did not change. */
    { name: 'leader', type: 'int32', versions: '0+', taggedVersions: '0+', tag: 1, default: -2 },
    { name: 'replicas', type: '[]int32', versions: '0+', nullableVersions: '0+', taggedVersions: '0+', tag: 2, default: null },
    { name: 'removingReplicas', type: '[]int32', versions: '0+', nullableVersions: '0+', taggedVersions: '0+', tag: 3, default: null },
    { name: 'addingReplicas', type: '[]int32', versions: '0+', nullableVersions: '0+', taggedVersions: '0+', tag: 4, default: null },
    { name: 'leaderRecoveryState', type: 'int8', versions: '0+', taggedVersions: '0+', tag: 5, default: -1 },
    { name: 'directories', type: '[]uuid', versions: '1+', nullableVersions: '1+', taggedVersions: '1+', tag: 8, default: null },
    { name: 'eligibleLeaderReplicas', type: '[]int32', versions: '2+', nullableVersions: '2+', taggedVersions: '2+', tag: 6, default: null },
    { name: 'lastKnownElr', type: '[]int32', versions: '2+', nullableVersions: '2+', taggedVersions: '2+', tag: 7, default: null },
  ],
} as const satisfies MessageSpec;

export const FenceBrokerRecord = {
  name: 'FenceBrokerRecord',
  apiKey: 7,
  type: 'metadata',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'id', type: 'int32', versions: '0+' },
    { name: 'epoch', type: 'int64', versions: '0+' },
  ],
} as const satisfies MessageSpec;

export const UnfenceBrokerRecord = {
  name: 'UnfenceBrokerRecord',
  apiKey: 8,
  type: 'metadata',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'id', type: 'int32', versions: '0+' },
    { name: 'epoch', type: 'int64', versions: '0+' },
  ],
} as const satisfies MessageSpec;

export const RemoveTopicRecord = {
  name: 'RemoveTopicRecord',
  apiKey: 9,
  type: 'metadata',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [{ name: 'topicId', type: 'uuid', versions: '0+' }],
} as const satisfies MessageSpec;

export const FeatureLevelRecord = {
  name: 'FeatureLevelRecord',
  apiKey: 12,
  type: 'metadata',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'name', type: 'string', versions: '0+' },
    /** 0 removes the feature. */
    { name: 'featureLevel', type: 'int16', versions: '0+' },
  ],
} as const satisfies MessageSpec;

export const ProducerIdsRecord = {
  name: 'ProducerIdsRecord',
  apiKey: 15,
  type: 'metadata',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'brokerId', type: 'int32', versions: '0+' },
    { name: 'brokerEpoch', type: 'int64', versions: '0+', default: -1 },
    /** The first producer id of the NEXT block to hand out. */
    { name: 'nextProducerId', type: 'int64', versions: '0+' },
  ],
} as const satisfies MessageSpec;

export const BrokerRegistrationChangeRecord = {
  name: 'BrokerRegistrationChangeRecord',
  apiKey: 17,
  type: 'metadata',
  validVersions: '0-2',
  flexibleVersions: '0+',
  fields: [
    { name: 'brokerId', type: 'int32', versions: '0+' },
    { name: 'brokerEpoch', type: 'int64', versions: '0+' },
    /** -1 unfenced, 0 no change, 1 fenced. */
    { name: 'fenced', type: 'int8', versions: '0+', taggedVersions: '0+', tag: 0 },
    /** 0 no change, 1 in controlled shutdown. */
    { name: 'inControlledShutdown', type: 'int8', versions: '1+', taggedVersions: '1+', tag: 1 },
    { name: 'logDirs', type: '[]uuid', versions: '2+', taggedVersions: '2+', tag: 2 },
  ],
} as const satisfies MessageSpec;

export const NoOpRecord = {
  name: 'NoOpRecord',
  apiKey: 20,
  type: 'metadata',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [],
} as const satisfies MessageSpec;
