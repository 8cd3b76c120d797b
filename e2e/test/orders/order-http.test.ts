import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { BrokerProcess, RedisServer, ServiceProcess, redisServerAvailable } from '../../src';

const available = redisServerAvailable();
if (!available) console.log('order HTTP tests skipped: redis-server is not installed (apt-get install redis-server; .ci/run installs it)');

const order = (customerId = 'c-1') => ({ customerId, city: 'Lahore', items: [{ sku: 'tea', qty: 2, unitPriceCents: 350 }], currency: 'PKR' });

describe('order service over HTTP (supertest against the running app, real broker and redis-server)', { skip: !available && 'redis-server is not installed' }, () => {
  let broker: BrokerProcess;
  let redis: RedisServer;
  let svc: ServiceProcess;
  const http = () => request(svc.url);

  before(async () => {
    redis = await new RedisServer().start();
    broker = await new BrokerProcess().start();
    svc = await new ServiceProcess('order', { KAFKA_BROKERS: broker.bootstrap, REDIS_URL: redis.url, PRODUCE_TIMEOUT_MS: '5000' }).start();
  });

  after(async () => {
    await svc?.stop();
    await broker?.dispose();
    await redis?.stop();
  });

  test('a valid order is published and answered 201 {orderId, partition, offset}; GET returns it', async () => {
    const res = await http().post('/orders').send(order()).expect(201);
    assert.match(res.body.orderId, /^[0-9a-f-]{36}$/);
    assert.ok(Number.isInteger(res.body.partition) && res.body.partition >= 0 && res.body.partition < 6);
    assert.ok(Number.isInteger(res.body.offset));
    const got = await http().get(`/orders/${res.body.orderId}`).expect(200);
    assert.equal(got.body.order.totalCents, 700);
    assert.equal(got.body.partition, res.body.partition);
    await http().get('/orders/no-such-order').expect(404);
  });

  test('invalid bodies get 400 with field-level errors, and nothing is produced', async () => {
    const before = (await http().post('/orders').send(order('probe')).expect(201)).body;
    const bad = await http().post('/orders').send({ customerId: '', city: 'X', items: [{ sku: 'tea', qty: -1, unitPriceCents: 1 }], currency: 'euros', extra: 1 }).expect(400);
    const fields = (bad.body.errors as Array<{ field: string }>).map((e) => e.field).sort();
    assert.deepEqual(fields, ['(body)', 'currency', 'customerId', 'items.0.qty'].sort());
    await http().post('/orders').set('content-type', 'application/json').send('{not json').expect(400);
    const after = (await http().post('/orders').send(order('probe')).expect(201)).body;
    assert.equal(after.partition, before.partition, 'same key, same partition');
    assert.equal(after.offset, before.offset + 1, 'the invalid requests produced nothing in between');
  });

  test('Idempotency-Key: a retry gets the first answer; another body under the key is 422; a concurrent duplicate is 409', async () => {
    const first = await http().post('/orders').set('Idempotency-Key', 'key-1').send(order()).expect(201);
    const again = await http().post('/orders').set('Idempotency-Key', 'key-1').send(order()).expect(201);
    assert.deepEqual(again.body, first.body, 'same orderId, partition and offset');
    const other = await http().post('/orders').set('Idempotency-Key', 'key-1').send(order('someone-else')).expect(422);
    assert.equal(other.body.code, 'ORDER.IDEMPOTENCY_KEY_REUSED');
    const [a, b] = await Promise.all([
      http().post('/orders').set('Idempotency-Key', 'key-race').send(order()),
      http().post('/orders').set('Idempotency-Key', 'key-race').send(order()),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [201, 409]);
  });

  test('health reports the broker and Redis', async () => {
    const res = await http().get('/health').expect(200);
    assert.equal(res.body.details.broker.status, 'up');
    assert.equal(res.body.details.redis.status, 'up');
  });
});
