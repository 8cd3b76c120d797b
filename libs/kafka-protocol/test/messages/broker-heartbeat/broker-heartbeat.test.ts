import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BrokerHeartbeatRequest, BrokerHeartbeatResponse, encodeMessage } from '../../../src';
import { checkFixture, uuidHex, versionsOf } from '../fixture-kit';

for (const v of versionsOf(BrokerHeartbeatRequest)) {
  test(`BrokerHeartbeat v${v} request and response (hand-written; v1 tags offline log dirs)`, () => {
    checkFixture(BrokerHeartbeatRequest, 'broker-heartbeat', v, 'request', { brokerId: 1, brokerEpoch: 120, currentMetadataOffset: 130, wantFence: false, wantShutDown: false, offlineLogDirs: [uuidHex('dd'.repeat(16))] });
    checkFixture(BrokerHeartbeatResponse, 'broker-heartbeat', v, 'response', { throttleTimeMs: 0, errorCode: 0, isCaughtUp: true, isFenced: false, shouldShutDown: false });
  });
}

test('BrokerHeartbeat defaults follow Kafka: an omitted isFenced is true, an omitted broker epoch is -1', () => {
  // throttleTimeMs 0, errorCode 0, isCaughtUp false, isFenced true, shouldShutDown false, empty tags
  assert.equal(encodeMessage(BrokerHeartbeatResponse, 0, {}).toBuffer().toString('hex'), '00000000' + '0000' + '00' + '01' + '00' + '00');
  // brokerId 0, brokerEpoch -1, currentMetadataOffset 0, wantFence false, wantShutDown false, empty tags
  assert.equal(encodeMessage(BrokerHeartbeatRequest, 0, {}).toBuffer().toString('hex'), '00000000' + 'ff'.repeat(8) + '00'.repeat(8) + '00' + '00' + '00');
});
