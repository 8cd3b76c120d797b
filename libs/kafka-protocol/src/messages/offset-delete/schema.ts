import type { MessageSpec } from '../../schema/spec';

/**
 * OffsetDeleteRequest.json / OffsetDeleteResponse.json (apache/kafka, KIP-496): version 0.
 * (Kafka trunk adds a flexible v1 with KIP-1313; this schema stops at v0, which is what we serve.)
 */
export const OffsetDeleteRequest = {
  name: 'OffsetDeleteRequest',
  apiKey: 47,
  type: 'request',
  validVersions: '0',
  flexibleVersions: 'none',
  fields: [
    { name: 'groupId', type: 'string', versions: '0+' },
    {
      name: 'topics',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        { name: 'partitions', type: '[]struct', versions: '0+', fields: [{ name: 'partitionIndex', type: 'int32', versions: '0+' }] },
      ],
    },
  ],
} as const satisfies MessageSpec;

export const OffsetDeleteResponse = {
  name: 'OffsetDeleteResponse',
  apiKey: 47,
  type: 'response',
  validVersions: '0',
  flexibleVersions: 'none',
  fields: [
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'topics',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'errorCode', type: 'int16', versions: '0+' },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageSpec;
