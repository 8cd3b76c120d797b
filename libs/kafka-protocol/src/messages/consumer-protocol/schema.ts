import type { MessageSpec } from '../../schema/spec';

/*
 * ConsumerProtocolSubscription.json / ConsumerProtocolAssignment.json (clients/.../common/message):
 * the opaque JoinGroup metadata and SyncGroup assignment of protocol type "consumer", each prefixed
 * by an int16 version (kafkajs' assignerProtocol.js writes v0; Java's ConsumerProtocol writes v3).
 * The broker never needs them to run a group; they are decoded only for inspection. Kafka's JSON
 * type is "data": apiKey -1, not part of the API registry.
 */
export const ConsumerProtocolSubscription = {
  name: 'ConsumerProtocolSubscription',
  apiKey: -1,
  type: 'request',
  validVersions: '0-3',
  flexibleVersions: 'none',
  fields: [
    { name: 'topics', type: '[]string', versions: '0+' },
    { name: 'userData', type: 'bytes', versions: '0+', nullableVersions: '0+', default: null },
    {
      name: 'ownedPartitions',
      type: '[]struct',
      versions: '1+',
      fields: [
        { name: 'topic', type: 'string', versions: '1+' },
        { name: 'partitions', type: '[]int32', versions: '1+' },
      ],
    },
    { name: 'generationId', type: 'int32', versions: '2+', default: -1 },
    { name: 'rackId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
  ],
} as const satisfies MessageSpec;

export const ConsumerProtocolAssignment = {
  name: 'ConsumerProtocolAssignment',
  apiKey: -1,
  type: 'request',
  validVersions: '0-3',
  flexibleVersions: 'none',
  fields: [
    {
      name: 'assignedPartitions',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'topic', type: 'string', versions: '0+' },
        { name: 'partitions', type: '[]int32', versions: '0+' },
      ],
    },
    { name: 'userData', type: 'bytes', versions: '0+', nullableVersions: '0+', default: null },
  ],
} as const satisfies MessageSpec;
