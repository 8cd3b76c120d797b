import type { MessageSpec } from '../../schema/spec';

/**
 * OffsetCommitRequest.json (apache/kafka trunk). v1 adds generation/member and a per-partition
 * CommitTimestamp (v1 only); v2-4 carry RetentionTimeMs; v6 adds CommittedLeaderEpoch; v7 adds
 * GroupInstanceId; v8 flexible. Kafka renamed GenerationId to GenerationIdOrMemberEpoch (KIP-848);
 * for the classic protocol it is the generation id (-1 with an empty member id = standalone commit).
 */
export const OffsetCommitRequest = {
  name: 'OffsetCommitRequest',
  apiKey: 8,
  type: 'request',
  validVersions: '0-9',
  flexibleVersions: '8+',
  fields: [
    { name: 'groupId', type: 'string', versions: '0+' },
    { name: 'generationIdOrMemberEpoch', type: 'int32', versions: '1+', default: -1 },
    { name: 'memberId', type: 'string', versions: '1+' },
    { name: 'groupInstanceId', type: 'string', versions: '7+', nullableVersions: '7+', default: null },
    { name: 'retentionTimeMs', type: 'int64', versions: '2-4', default: -1 },
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
            { name: 'committedOffset', type: 'int64', versions: '0+' },
            { name: 'committedLeaderEpoch', type: 'int32', versions: '6+', default: -1 },
            { name: 'commitTimestamp', type: 'int64', versions: '1', default: -1 },
            { name: 'committedMetadata', type: 'string', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageSpec;

/** OffsetCommitResponse.json: v3 adds ThrottleTimeMs; errors are per partition. */
export const OffsetCommitResponse = {
  name: 'OffsetCommitResponse',
  apiKey: 8,
  type: 'response',
  validVersions: '0-9',
  flexibleVersions: '8+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '3+' },
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
