import type { MessageSpec } from '../../schema/spec';

/**
 * FetchSnapshotRequest.json (KIP-630), versions 0-1, flexible from 0. Kafka 3.7/3.8 serve v0;
 * 3.9 adds v1, whose only change is the tagged replica directory id (KIP-853).
 */
export const FetchSnapshotRequest = {
  name: 'FetchSnapshotRequest',
  apiKey: 59,
  type: 'request',
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'clusterId', type: 'string', versions: '0+', nullableVersions: '0+', default: null, taggedVersions: '0+', tag: 0 },
    { name: 'replicaId', type: 'int32', versions: '0+', default: -1 },
    { name: 'maxBytes', type: 'int32', versions: '0+', default: 0x7fffffff },
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
            { name: 'partition', type: 'int32', versions: '0+' },
            { name: 'currentLeaderEpoch', type: 'int32', versions: '0+' },
            {
              name: 'snapshotId',
              type: 'struct',
              versions: '0+',
              fields: [
                { name: 'endOffset', type: 'int64', versions: '0+' },
                { name: 'epoch', type: 'int32', versions: '0+' },
              ],
            },
            { name: 'position', type: 'int64', versions: '0+' },
            { name: 'replicaDirectoryId', type: 'uuid', versions: '1+', taggedVersions: '1+', tag: 0 },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageSpec;

/** FetchSnapshotResponse.json, versions 0-1 (flexible 0+); v1 adds the tagged node endpoints. */
export const FetchSnapshotResponse = {
  name: 'FetchSnapshotResponse',
  apiKey: 59,
  type: 'response',
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
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
            { name: 'index', type: 'int32', versions: '0+' },
            { name: 'errorCode', type: 'int16', versions: '0+' },
            {
              name: 'snapshotId',
              type: 'struct',
              versions: '0+',
              fields: [
                { name: 'endOffset', type: 'int64', versions: '0+' },
                { name: 'epoch', type: 'int32', versions: '0+' },
              ],
            },
            {
              name: 'currentLeader',
              type: 'struct',
              versions: '0+',
              taggedVersions: '0+',
              tag: 0,
              fields: [
                { name: 'leaderId', type: 'int32', versions: '0+' },
                { name: 'leaderEpoch', type: 'int32', versions: '0+' },
              ],
            },
            { name: 'size', type: 'int64', versions: '0+' },
            { name: 'position', type: 'int64', versions: '0+' },
            { name: 'unalignedRecords', type: 'records', versions: '0+' },
          ],
        },
      ],
    },
    {
      name: 'nodeEndpoints',
      type: '[]struct',
      versions: '1+',
      taggedVersions: '1+',
      tag: 0,
      fields: [
        { name: 'nodeId', type: 'int32', versions: '1+' },
        { name: 'host', type: 'string', versions: '1+' },
        { name: 'port', type: 'uint16', versions: '1+' },
      ],
    },
  ],
} as const satisfies MessageSpec;
