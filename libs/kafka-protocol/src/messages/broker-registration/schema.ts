import type { MessageSpec } from '../../schema/spec';

/**
 * BrokerRegistrationRequest.json (KIP-631), versions 0-4, flexible from 0. Kafka 3.7/3.8 serve
 * 0-3, 3.9 adds v4, whose layout equals v3 (it only stops omitting features whose
 * MinSupportedVersion is 0). v1 adds IsMigratingZkBroker, v2 LogDirs, v3 PreviousBrokerEpoch.
 */
export const BrokerRegistrationRequest = {
  name: 'BrokerRegistrationRequest',
  apiKey: 62,
  type: 'request',
  validVersions: '0-4',
  flexibleVersions: '0+',
  fields: [
    { name: 'brokerId', type: 'int32', versions: '0+' },
    { name: 'clusterId', type: 'string', versions: '0+' },
    { name: 'incarnationId', type: 'uuid', versions: '0+' },
    {
      name: 'listeners',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        { name: 'host', type: 'string', versions: '0+' },
        { name: 'port', type: 'uint16', versions: '0+' },
        { name: 'securityProtocol', type: 'int16', versions: '0+' },
      ],
    },
    {
      name: 'features',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        { name: 'minSupportedVersion', type: 'int16', versions: '0+' },
        { name: 'maxSupportedVersion', type: 'int16', versions: '0+' },
      ],
    },
    { name: 'rack', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'isMigratingZkBroker', type: 'bool', versions: '1+', default: false },
    { name: 'logDirs', type: '[]uuid', versions: '2+' },
    { name: 'previousBrokerEpoch', type: 'int64', versions: '3+', default: -1 },
  ],
} as const satisfies MessageSpec;

/** BrokerRegistrationResponse.json, versions 0-4 (flexible 0+), the same layout in all of them. */
export const BrokerRegistrationResponse = {
  name: 'BrokerRegistrationResponse',
  apiKey: 62,
  type: 'response',
  validVersions: '0-4',
  flexibleVersions: '0+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'brokerEpoch', type: 'int64', versions: '0+', default: -1 },
  ],
} as const satisfies MessageSpec;
