import type { MessageSpec } from '../../schema/spec';

/**
 * AlterPartitionRequest.json (KIP-497, formerly AlterIsr), versions 0-3, flexible from 0; Kafka
 * 3.7-3.9 serve all four. v1 adds LeaderRecoveryState (KIP-704), v2 replaces the topic name by
 * its id (KIP-841), v3 replaces NewIsr by NewIsrWithEpochs (KIP-903, broker epochs checked).
 */
export const AlterPartitionRequest = {
  name: 'AlterPartitionRequest',
  apiKey: 56,
  type: 'request',
  validVersions: '0-3',
  flexibleVersions: '0+',
  fields: [
    { name: 'brokerId', type: 'int32', versions: '0+' },
    { name: 'brokerEpoch', type: 'int64', versions: '0+', default: -1 },
    {
      name: 'topics',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'topicName', type: 'string', versions: '0-1' },
        { name: 'topicId', type: 'uuid', versions: '2+' },
        {
          name: 'partitions',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'leaderEpoch', type: 'int32', versions: '0+' },
            { name: 'newIsr', type: '[]int32', versions: '0-2' },
            {
              name: 'newIsrWithEpochs',
              type: '[]struct',
              versions: '3+',
              fields: [
                { name: 'brokerId', type: 'int32', versions: '3+' },
                { name: 'brokerEpoch', type: 'int64', versions: '3+', default: -1 },
              ],
            },
            { name: 'leaderRecoveryState', type: 'int8', versions: '1+', default: 0 },
            { name: 'partitionEpoch', type: 'int32', versions: '0+' },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageSpec;

/** AlterPartitionResponse.json, versions 0-3 (flexible 0+); v3's layout equals v2's. */
export const AlterPartitionResponse = {
  name: 'AlterPartitionResponse',
  apiKey: 56,
  type: 'response',
  validVersions: '0-3',
  flexibleVersions: '0+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    {
      name: 'topics',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'topicName', type: 'string', versions: '0-1' },
        { name: 'topicId', type: 'uuid', versions: '2+' },
        {
          name: 'partitions',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'errorCode', type: 'int16', versions: '0+' },
            { name: 'leaderId', type: 'int32', versions: '0+' },
            { name: 'leaderEpoch', type: 'int32', versions: '0+' },
            { name: 'isr', type: '[]int32', versions: '0+' },
            { name: 'leaderRecoveryState', type: 'int8', versions: '1+', default: 0 },
            { name: 'partitionEpoch', type: 'int32', versions: '0+' },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageSpec;
