import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { BrokerProcess, KafkaTcpProxy, RedisServer, ServiceProcess, freePort, ordersInLog, redisServerAvailable, waitFor } from '../../src';

const available = redisServerAvailable();
const PRODUCE = 0;

const order = (customerId: string) => ({ customerId, city: 'Lahore', items: [{ sku: 'tea', qty: 2, unitPriceCents: 350 }], currency: 'PKR' });

/**
 * The order service's HTTP answers under broker and Redis faults. Every client talks to the
 * broker through a proxy (the broker advertises the proxy's port), so a test can swallow
 * produce responses. One broker, Redis and order service for the whole file.
 */
describe('the order service under broker and Redis faults', { skip: !available && 'redis-server is not installed' }, () => {
  let proxy: KafkaTcpProxy;
  let broker: BrokerProcess;
  const redis = new RedisServer();
  let svc: ServiceProcess;
  const http = () => request(svc.url);
  const started = Date.now();
  const post = (body: object) => http().post('/orders').send(body).then((r) => r);
  const statusOf = async (orderId: string) => (await http().get(`/orders/${orderId}`)).body as { state?: string; partition?: number; offset?: number };

  before(async () => {
    const proxyPort = await freePort();
    broker = new BrokerProcess({ advertisedPort: proxyPort, args: ['--log-level', 'warn'] });
    broker.port = await freePort();
    proxy = new KafkaTcpProxy(broker.port);
    await proxy.listen(proxyPort);
    await redis.start();
    svc = new ServiceProcess('order', {
      KAFKA_BROKERS: `127.0.0.1:${proxyPort}`,
      REDIS_URL: redis.url,
      PRODUCE_TIMEOUT_MS: '6000',
      KAFKA_REQUEST_TIMEOUT_MS: '2000',
      MAX_QUEUED_ORDERS: '5',
      RECOVERY_GRACE_MS: '3000',
      RECOVERY_INTERVAL_MS: '1000',
    });
  });

  after(async () => {
    broker?.resume();
    await svc?.stop();
    await proxy?.close();
    await broker?.dispose();
    await redis.stop();
    console.log(`order-faults suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('the broker down at boot: the service starts anyway, answers 503 and says why in /health; once the broker is up it takes orders', async () => {
    await svc.startListening();
    const health = await http().get('/health').expect(503);
    assert.equal(health.body.details.broker.status, 'down');
    assert.match(health.body.details.broker.reason, /orders topic is not ready/);
    const res = await http().post('/orders').send(order('c-boot')).expect(503);
    assert.equal(res.headers['retry-after'], '5');
    await broker.start();
    await svc.waitHealthy(30_000);
    await http().post('/orders').send(order('c-boot')).expect(201);
    assert.deepEqual(svc.bugs(), []);
  });

  test('the broker paused: the order on its way is answered 202 and placed later; the ones queued behind it get 503 and are never published; a full queue answers 503 at once', async () => {
    const health = async () => (await http().get('/health')).body.details?.broker as { queuedOrders?: number; ordersInFlight?: number } | undefined;
    broker.pause();
    let released = false;
    try {
      const onItsWay = post(order('c-pause'));
      await waitFor(async () => (await health())?.ordersInFlight === 1, { timeoutMs: 5000, description: 'the first order to be on its way' });
      const queued = Array.from({ length: 5 }, () => post(order('c-pause')));
      await waitFor(async () => (await health())?.queuedOrders === 5, { timeoutMs: 5000, description: 'five orders queued behind it' });
      const overflow = await http().post('/orders').send(order('c-pause')).expect(503);
      assert.equal(overflow.body.code, 'ORDER.OVERLOADED');
      const accepted = await onItsWay;
      assert.equal(accepted.status, 202);
      assert.equal(accepted.body.status, 'pending');
      assert.equal(accepted.headers.location, `/orders/${accepted.body.orderId}`);
      assert.deepEqual((await Promise.all(queued)).map((r) => r.status), [503, 503, 503, 503, 503]);
      broker.resume();
      released = true;
      const placed = await waitFor(async () => {
        const s = await statusOf(accepted.body.orderId);
        return s.state === 'accepted' ? s : undefined;
      }, { timeoutMs: 60_000, intervalMs: 250, description: 'the 202 order to be accepted' });
      await http().post('/orders').send(order('c-pause')).expect(201);
      const log = await ordersInLog(broker.port);
      assert.ok(log.get(accepted.body.orderId)?.some((at) => at.partition === placed.partition && at.offset === placed.offset), 'the 202 order is in the log where its status says');
      const pauseOrders = [...log].filter(([, copies]) => copies[0]?.customerId === 'c-pause').map(([id]) => id);
      assert.equal(pauseOrders.length, 2, `c-pause has exactly the 202 order and the one after the pause in the log, none of the 503s: ${pauseOrders.join(', ')}`);
    } finally {
      if (!released) broker.resume();
    }
  });

  test('Redis down: 503 and nothing is published; once Redis is back orders are taken again', async () => {
    const before = await ordersInLog(broker.port);
    await redis.kill();
    const res = await http().post('/orders').send(order('c-redis')).expect(503);
    assert.equal(res.body.code, 'ORDER.STORE_UNAVAILABLE');
    const keyed = await http().post('/orders').set('Idempotency-Key', 'k-redis').send(order('c-redis')).expect(503);
    assert.equal(keyed.body.code, 'ORDER.STORE_UNAVAILABLE');
    await redis.start();
    await svc.waitHealthy(30_000);
    const after = await ordersInLog(broker.port);
    assert.equal([...after.values()].flat().length, [...before.values()].flat().length, 'nothing was published while Redis was down');
    const first = await http().post('/orders').set('Idempotency-Key', 'k-redis').send(order('c-redis')).expect(201);
    const again = await http().post('/orders').set('Idempotency-Key', 'k-redis').send(order('c-redis')).expect(201);
    assert.deepEqual(again.body, first.body);
  });

  test('produce responses lost (connection reset after the request got through): a new order is never answered with an earlier order\'s offset', async () => {
    const warm = await http().post('/orders').send(order('c-lost')).expect(201);
    proxy.rules = { dropResponse: (apiKey) => apiKey === PRODUCE, closeAfterDrop: true };
    const lost = await http().post('/orders').send(order('c-lost'));
    await waitFor(() => proxy.dropped >= 3, { timeoutMs: 30_000, description: 'kafkajs to send the order and retry it' });
    await waitFor(async () => /last send failed/.test(JSON.stringify((await http().get('/health')).body)), { timeoutMs: 30_000, description: 'the send to fail for good' });
    proxy.rules = {};
    const next = await waitFor(async () => {
      const r = await http().post('/orders').send(order('c-lost'));
      return r.status === 201 ? r : undefined;
    }, { timeoutMs: 30_000, intervalMs: 500, description: 'a new order to be accepted' });
    const log = await ordersInLog(broker.port);
    const at = (id: string) => log.get(id) ?? [];
    assert.ok(at(next.body.orderId).some((x) => x.partition === next.body.partition && x.offset === next.body.offset), `the new order is in the log at the offset it was answered with (${next.body.partition}/${next.body.offset}); there: ${JSON.stringify([...log].find(([, v]) => v.some((x) => x.partition === next.body.partition && x.offset === next.body.offset))?.[0])}`);
    assert.ok(next.body.offset > warm.body.offset);
    console.log(`the order whose produce answers were lost was answered ${lost.status}`);
    if (lost.status === 201 || lost.status === 202) {
      const s = await waitFor(async () => {
        const st = await statusOf(lost.body.orderId);
        return st.state === 'accepted' ? st : undefined;
      }, { timeoutMs: 30_000, intervalMs: 250, description: 'the order whose answer was lost to be accepted' });
      assert.ok(at(lost.body.orderId).some((x) => x.offset === s.offset), 'and the order whose answers were lost is in the log where its status says');
    } else assert.equal(lost.status, 503);
    assert.deepEqual(svc.bugs(), []);
  });

  test('a 202 order survives the order service being SIGKILLed before its send was acknowledged: the next start sends it again', async () => {
    broker.pause();
    let pending: request.Response;
    try {
      pending = await http().post('/orders').send(order('c-recover'));
      assert.equal(pending.status, 202);
      await svc.kill('SIGKILL');
    } finally {
      broker.resume();
    }
    await svc.start();
    const s = await waitFor(async () => {
      const st = await statusOf(pending.body.orderId);
      return st.state === 'accepted' ? st : undefined;
    }, { timeoutMs: 30_000, intervalMs: 250, description: 'the restarted service to send the unresolved order again' });
    const log = await ordersInLog(broker.port);
    assert.ok(log.get(pending.body.orderId)?.some((x) => x.partition === s.partition && x.offset === s.offset), 'it is in the log where its status says');
    assert.match(svc.output, /sent 1 order\(s\) again whose earlier send was never acknowledged/);
  });
});
