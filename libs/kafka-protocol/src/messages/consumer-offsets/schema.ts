import type { MessageSpec } from '../../schema/spec';

/*
 * Records of the internal __consumer_offsets topic, as Kafka's group coordinator writes them
 * (group-coordinator/src/main/resources/common/message/*.json, apache/kafka trunk). In Kafka these
 * JSON files have "type": "data"; MessageSpec only knows request/response, so they are declared
 * with apiKey -1 (no API) and are not part of the API registry. Every key and value is written
 * prefixed by an int16 version; the key's version doubles as the record type:
 * 0/1 = OffsetCommitKey, 2 = GroupMetadataKey (3+ are KIP-848 consumer-group records).
 * Kafka writes key version 1 (offsets) / 2 (groups), OffsetCommitValue v3 (v1 only when an
 * explicit expire timestamp exists) and GroupMetadataValue v3. A null value is a tombstone.
 */

export const OffsetCommitKey = {
  name: 'OffsetCommitKey',
  apiKey: -1,
  type: 'request',
  validVersions: '0-1',
  flexibleVersions: 'none',
  fields: [
    { name: 'group', type: 'string', versions: '0-1' },
    { name: 'topic', type: 'string', versions: '0-1' },
    { name: 'partition', type: 'int32', versions: '0-1' },
  ],
} as const satisfies MessageSpec;

export const OffsetCommitValue = {
  name: 'OffsetCommitValue',
  apiKey: -1,
  type: 'request',
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'offset', type: 'int64', versions: '0+' },
    { name: 'leaderEpoch', type: 'int32', versions: '3+', default: -1 },
    { name: 'metadata', type: 'string', versions: '0+' },
    { name: 'commitTimestamp', type: 'int64', versions: '0+' },
    { name: 'expireTimestamp', type: 'int64', versions: '1', default: -1 },
  ],
} as const satisfies MessageSpec;

export const GroupMetadataKey = {
  name: 'GroupMetadataKey',
  apiKey: -1,
  type: 'request',
  validVersions: '2',
  flexibleVersions: 'none',
  fields: [{ name: 'group', type: 'string', versions: '2' }],
} as const satisfies MessageSpec;

export const GroupMetadataValue = {
  name: 'GroupMetadataValue',
  apiKey: -1,
  type: 'request',
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'protocolType', type: 'string', versions: '0+' },
    { name: 'generation', type: 'int32', versions: '0+' },
    { name: 'protocol', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'leader', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'currentStateTimestamp', type: 'int64', versions: '2+', default: -1 },
    {
      name: 'members',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'memberId', type: 'string', versions: '0+' },
        { name: 'groupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
        { name: 'clientId', type: 'string', versions: '0+' },
        { name: 'clientHost', type: 'string', versions: '0+' },
        { name: 'rebalanceTimeout', type: 'int32', versions: '1+', default: -1 },
        { name: 'sessionTimeout', type: 'int32', versions: '0+' },
        { name: 'subscription', type: 'bytes', versions: '0+' },
        { name: 'assignment', type: 'bytes', versions: '0+' },
      ],
    },
  ],
} as const satisfies MessageSpec;
