import type { MessageSpec } from '../../schema/spec';

/** AllocateProducerIdsRequest.json (KIP-730), version 0 only (Kafka 3.7-3.9), flexible. */
export const AllocateProducerIdsRequest = {
  name: 'AllocateProducerIdsRequest',
  apiKey: 67,
  type: 'request',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'brokerId', type: 'int32', versions: '0+' },
    { name: 'brokerEpoch', type: 'int64', versions: '0+', default: -1 },
  ],
} as const satisfies MessageSpec;

/** AllocateProducerIdsResponse.json, version 0 (flexible): a block [start, start + len). */
export const AllocateProducerIdsResponse = {
  name: 'AllocateProducerIdsResponse',
  apiKey: 67,
  type: 'response',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'producerIdStart', type: 'int64', versions: '0+' },
    { name: 'producerIdLen', type: 'int32', versions: '0+' },
  ],
} as const satisfies MessageSpec;
