import type { MessageSpec } from '../../schema/spec';

/**
 * VoteRequest.json (KIP-595), versions 0-2, flexible from 0. Kafka 3.7 and 3.8 serve v0;
 * 3.9 adds v1 (KIP-853: voter key, candidate/voter directory ids); 4.0 adds v2 (KIP-996: the
 * PreVote flag — a pre-vote changes nothing on the voter). Our quorum pre-votes, so it speaks v2.
 */
export const VoteRequest = {
  name: 'VoteRequest',
  apiKey: 52,
  type: 'request',
  validVersions: '0-2',
  flexibleVersions: '0+',
  fields: [
    { name: 'clusterId', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
    { name: 'voterId', type: 'int32', versions: '1+', default: -1 },
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
            { name: 'candidateEpoch', type: 'int32', versions: '0+' },
            { name: 'candidateId', type: 'int32', versions: '0+' },
            { name: 'candidateDirectoryId', type: 'uuid', versions: '1+' },
            { name: 'voterDirectoryId', type: 'uuid', versions: '1+' },
            { name: 'lastOffsetEpoch', type: 'int32', versions: '0+' },
            { name: 'lastOffset', type: 'int64', versions: '0+' },
            { name: 'preVote', type: 'bool', versions: '2+', default: false },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageSpec;

/** VoteResponse.json, versions 0-2 (flexible 0+); v1 adds the tagged leader endpoints; v2 is v1. */
export const VoteResponse = {
  name: 'VoteResponse',
  apiKey: 52,
  type: 'response',
  validVersions: '0-2',
  flexibleVersions: '0+',
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
            { name: 'voteGranted', type: 'bool', versions: '0+' },
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
