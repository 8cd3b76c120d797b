import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { postOrders } from '@orderlab/cli';
import { OrderSystem, murmur2Partition, ordersInLog, redisServerAvailable } from '../../src';

const available = redisServerAvailable();
const ORDERS = 300;

/**
 * The order service publishing through @nestjs/microservices' ClientKafka.emit, one emit per
 * order (ORDER_PUBLISHER=client-kafka): every 201 answers the partition and offset where the
 * record really is (emit resolves with kafkajs's RecordMetadata), keyed as kafkajs keys it.
 */
describe('order publishing through ClientKafka.emit', { skip: !available && 'redis-server is not installed' }, () => {
  const system = new OrderSystem();

  before(async () => {
    await system.start({ order: { ORDER_PUBLISHER: 'client-kafka' }, billing: [], analytics: [] });
  });

  after(async () => {
    await system.stop();
  });

  test(`${ORDERS} concurrent orders: each answer's partition and offset hold that order, once, on its customer's partition`, async () => {
    const { placed, failed } = await postOrders({ orderUrl: system.order.url, count: ORDERS, customers: 30, seed: 5 });
    assert.equal(failed, 0);
    const log = await ordersInLog(system.broker.port);
    const wrong = placed.filter((p) => {
      const copies = log.get(p.orderId) ?? [];
      return copies.length !== 1 || copies[0]?.partition !== p.partition || copies[0]?.offset !== p.offset || p.partition !== murmur2Partition(p.customerId, 6);
    });
    assert.deepEqual(wrong.map((p) => `${p.orderId} answered ${p.partition}@${p.offset}, log has ${JSON.stringify(log.get(p.orderId))}`), []);
    assert.equal(log.size, ORDERS);
    assert.deepEqual(system.bugs(), []);
  });
});
