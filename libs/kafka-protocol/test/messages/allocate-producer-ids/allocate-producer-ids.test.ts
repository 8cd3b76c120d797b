import { test } from 'node:test';
import { AllocateProducerIdsRequest, AllocateProducerIdsResponse } from '../../../src';
import { checkFixture } from '../fixture-kit';

test('AllocateProducerIds v0 request and response (hand-written): a block of 1000 ids from 5000', () => {
  checkFixture(AllocateProducerIdsRequest, 'allocate-producer-ids', 0, 'request', { brokerId: 1, brokerEpoch: 120 });
  checkFixture(AllocateProducerIdsResponse, 'allocate-producer-ids', 0, 'response', { throttleTimeMs: 0, errorCode: 0, producerIdStart: 5000, producerIdLen: 1000 });
});
