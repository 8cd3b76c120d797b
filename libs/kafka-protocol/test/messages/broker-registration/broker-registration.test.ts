import { test } from 'node:test';
import { BrokerRegistrationRequest, BrokerRegistrationResponse } from '../../../src';
import { checkFixture, uuidHex, versionsOf } from '../fixture-kit';

for (const v of versionsOf(BrokerRegistrationRequest)) {
  test(`BrokerRegistration v${v} request and response (hand-written; v1 zk migration flag, v2 log dirs, v3+ previous epoch)`, () => {
    checkFixture(BrokerRegistrationRequest, 'broker-registration', v, 'request', {
      brokerId: 1,
      clusterId: 'kraft-lab',
      incarnationId: uuidHex('0f1e2d3c4b5a69788796a5b4c3d2e1f0'),
      listeners: [{ name: 'PLAINTEXT', host: 'localhost', port: 9092, securityProtocol: 0 }],
      features: [{ name: 'metadata.version', minSupportedVersion: 1, maxSupportedVersion: 21 }],
      rack: null,
      isMigratingZkBroker: false,
      logDirs: [uuidHex('dd'.repeat(16))],
      previousBrokerEpoch: 87,
    });
    checkFixture(BrokerRegistrationResponse, 'broker-registration', v, 'response', { throttleTimeMs: 0, errorCode: 0, brokerEpoch: 120 });
  });
}
