import type { MessageSpec } from '../../schema/spec';

/**
 * BrokerHeartbeatRequest.json (KIP-631), versions 0-1, flexible from 0 (Kafka 3.7-3.9 serve
 * both); v1 adds the tagged OfflineLogDirs (KIP-858).
 */
export const BrokerHeartbeatRequest = {
  name: 'BrokerHeartbeatRequest',
  apiKey: 63,
  type: 'request',
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'brokerId', type: 'int32', versions: '0+' },
    { name: 'brokerEpoch', type: 'int64', versions: '0+', default: -1 },
    { name: 'currentMetadataOffset', type: 'int64', versions: '0+' },
    { name: 'wantFence', type: 'bool', versions: '0+' },
    { name: 'wantShutDown', type: 'bool', versions: '0+' },
    { name: 'offlineLogDirs', type: '[]uuid', versions: '1+', taggedVersions: '1+', tag: 0 },
  ],
} as const satisfies MessageSpec;

/** BrokerHeartbeatResponse.json, versions 0-1 (flexible 0+), the same layout in both. */
export const BrokerHeartbeatResponse = {
  name: 'BrokerHeartbeatResponse',
  apiKey: 63,
  type: 'response',
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'isCaughtUp', type: 'bool', versions: '0+', default: false },
    { name: 'isFenced', type: 'bool', versions: '0+', default: true },
    { name: 'shouldShutDown', type: 'bool', versions: '0+' },
  ],
} as const satisfies MessageSpec;
