import type { FieldSpec, MessageSpec } from '../../schema/spec';

/**
 * DescribeQuorumRequest.json (KIP-595), versions 0-2, flexible from 0. `kafka-metadata-quorum
 * describe` of Kafka 3.7/3.8 sends up to v1 (KIP-836 timestamps), of 3.9 up to v2 (KIP-853
 * nodes and directory ids); the request body is the same in every version.
 */
export const DescribeQuorumRequest = {
  name: 'DescribeQuorumRequest',
  apiKey: 55,
  type: 'request',
  validVersions: '0-2',
  flexibleVersions: '0+',
  fields: [
    {
      name: 'topics',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'topicName', type: 'string', versions: '0+' },
        { name: 'partitions', type: '[]struct', versions: '0+', fields: [{ name: 'partitionIndex', type: 'int32', versions: '0+' }] },
      ],
    },
  ],
} as const satisfies MessageSpec;

/** The JSON's common struct ReplicaState, shared by voters and observers. */
const replicaState = [
  { name: 'replicaId', type: 'int32', versions: '0+' },
  { name: 'replicaDirectoryId', type: 'uuid', versions: '2+' },
  { name: 'logEndOffset', type: 'int64', versions: '0+' },
  { name: 'lastFetchTimestamp', type: 'int64', versions: '1+', default: -1 },
  { name: 'lastCaughtUpTimestamp', type: 'int64', versions: '1+', default: -1 },
] as const satisfies readonly FieldSpec[];

/** DescribeQuorumResponse.json, versions 0-2 (flexible 0+). */
export const DescribeQuorumResponse = {
  name: 'DescribeQuorumResponse',
  apiKey: 55,
  type: 'response',
  validVersions: '0-2',
  flexibleVersions: '0+',
  fields: [
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'errorMessage', type: 'string', versions: '2+', nullableVersions: '2+', default: null },
    {
      name: 'topics',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'topicName', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'errorCode', type: 'int16', versions: '0+' },
            { name: 'errorMessage', type: 'string', versions: '2+', nullableVersions: '2+', default: null },
            { name: 'leaderId', type: 'int32', versions: '0+' },
            { name: 'leaderEpoch', type: 'int32', versions: '0+' },
            { name: 'highWatermark', type: 'int64', versions: '0+' },
            { name: 'currentVoters', type: '[]struct', versions: '0+', fields: replicaState },
            { name: 'observers', type: '[]struct', versions: '0+', fields: replicaState },
          ],
        },
      ],
    },
    {
      name: 'nodes',
      type: '[]struct',
      versions: '2+',
      fields: [
        { name: 'nodeId', type: 'int32', versions: '2+' },
        {
          name: 'listeners',
          type: '[]struct',
          versions: '2+',
          fields: [
            { name: 'name', type: 'string', versions: '2+' },
            { name: 'host', type: 'string', versions: '2+' },
            { name: 'port', type: 'uint16', versions: '2+' },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageSpec;
