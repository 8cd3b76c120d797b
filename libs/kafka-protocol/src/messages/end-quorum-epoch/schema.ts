import type { MessageSpec } from '../../schema/spec';

/**
 * EndQuorumEpochRequest.json (KIP-595), versions 0-1. v0 (Kafka 3.7-3.9) is NOT flexible and
 * names preferred successors by id; v1 (3.9, KIP-853) is flexible, names preferred candidates
 * by voter key and adds the leader's endpoints.
 */
export const EndQuorumEpochRequest = {
  name: 'EndQuorumEpochRequest',
  apiKey: 54,
  type: 'request',
  validVersions: '0-1',
  flexibleVersions: '1+',
  fields: [
    { name: 'clusterId', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
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
            { name: 'leaderId', type: 'int32', versions: '0+' },
            { name: 'leaderEpoch', type: 'int32', versions: '0+' },
            { name: 'preferredSuccessors', type: '[]int32', versions: '0' },
            {
              name: 'preferredCandidates',
              type: '[]struct',
              versions: '1+',
              fields: [
                { name: 'candidateId', type: 'int32', versions: '1+' },
                { name: 'candidateDirectoryId', type: 'uuid', versions: '1+' },
              ],
            },
          ],
        },
      ],
    },
    {
      name: 'leaderEndpoints',
      type: '[]struct',
      versions: '1+',
      fields: [
        { name: 'name', type: 'string', versions: '1+' },
        { name: 'host', type: 'string', versions: '1+' },
        { name: 'port', type: 'uint16', versions: '1+' },
      ],
    },
  ],
} as const satisfies MessageSpec;

/** EndQuorumEpochResponse.json, versions 0-1 (flexible 1+); v1 adds the tagged node endpoints. */
export const EndQuorumEpochResponse = {
  name: 'EndQuorumEpochResponse',
  apiKey: 54,
  type: 'response',
  validVersions: '0-1',
  flexibleVersions: '1+',
  fields: [
    { name: 'errorCode', type: 'int16', versions: '0+' },
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
            { name: 'leaderId', type: 'int32', versions: '0+' },
            { name: 'leaderEpoch', type: 'int32', versions: '0+' },
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
