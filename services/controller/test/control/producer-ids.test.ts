import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode } from '@orderlab/kafka-protocol';
import { ClusterControl, KAFKA_CONTROL_DEFAULTS } from '../../src/control';
import { CLUSTER_ID, Harness } from './kit';

const allocate = (h: Harness, brokerId: number, brokerEpoch = h.image.brokers.get(brokerId)?.brokerEpoch ?? -1) =>
  h.run((image) => h.control.allocateProducerIds(image, { brokerId, brokerEpoch }));

test('blocks of 1000 producer ids, never the same id twice across brokers', () => {
  const h = new Harness();
  h.addBrokers(1, 2, 3);
  const blocks = [allocate(h, 1), allocate(h, 2), allocate(h, 1), allocate(h, 3), allocate(h, 2)];
  assert.deepEqual(blocks.map((b) => [b.errorCode, b.producerIdStart, b.producerIdLen]), [[0, 0, 1000], [0, 1000, 1000], [0, 2000, 1000], [0, 3000, 1000], [0, 4000, 1000]]);
  const ids = new Set<number>();
  for (const b of blocks) for (let id = b.producerIdStart; id < b.producerIdStart + b.producerIdLen; id++) ids.add(id);
  assert.equal(ids.size, 5000, 'no id handed out twice');
  assert.equal(h.image.nextProducerId, 5000);
});

test('a new active controller continues after the last block in the log', () => {
  const h = new Harness();
  h.addBrokers(1);
  allocate(h, 1);
  const successor = new ClusterControl({ ...KAFKA_CONTROL_DEFAULTS, clusterId: CLUSTER_ID }, () => 0, () => Buffer.alloc(16, 1));
  const next = successor.allocateProducerIds(h.image, { brokerId: 1, brokerEpoch: h.image.brokers.get(1)?.brokerEpoch ?? -1 });
  assert.equal(next.response.producerIdStart, 1000);
});

test('an unknown broker is BROKER_ID_NOT_REGISTERED, a wrong epoch STALE_BROKER_EPOCH; neither writes', () => {
  const h = new Harness();
  h.addBrokers(1);
  const before = h.log.length;
  assert.deepEqual([allocate(h, 7, 3).errorCode, allocate(h, 1, 999).errorCode], [ErrorCode.BROKER_ID_NOT_REGISTERED, ErrorCode.STALE_BROKER_EPOCH]);
  assert.equal(h.log.length, before);
});
