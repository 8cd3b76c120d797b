import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TOPICS } from '@orderlab/events';
import { BrokerProcess, FAST_CONSUMER_ENV, RedisServer, ServiceProcess, freePort, kafkaClient, produceOrders, redisServerAvailable, waitFor } from '../../src';

const available = redisServerAvailable();

/**
 * Nest's ServerKafka.listen() rejects when the broker cannot be reached, which would fail the
 * service's start; the consumers' transport server waits it out instead. Both consumers are
 * started with nothing listening on the broker's port.
 */
describe('the consumers start with the broker down', { skip: !available && 'redis-server is not installed' }, () => {
  const redis = new RedisServer();
  let broker: BrokerProcess | undefined;
  const services: ServiceProcess[] = [];

  after(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await broker?.dispose();
    await redis.stop();
  });

  test('/health says why while the broker is away; once it is up they join their groups and count every order', async () => {
    await redis.start();
    const port = await freePort();
    const env = { KAFKA_BROKERS: `127.0.0.1:${port}`, REDIS_URL: redis.url, ...FAST_CONSUMER_ENV };
    const billing = new ServiceProcess('billing', env);
    const analytics = new ServiceProcess('analytics', env);
    services.push(billing, analytics);
    await Promise.all(services.map((s) => s.startListening()));
    for (const s of services) {
      const h = await s.health();
      assert.equal(h.status, 503, `${s.name} is not healthy without a broker`);
      assert.match(String(h.body.error?.consumer?.reason), /connecting to the broker|could not start the group consumer/, `${s.name}: ${JSON.stringify(h.body)}`);
    }
    broker = await new BrokerProcess({ port, args: ['--group-initial-rebalance-delay-ms', '0'] }).start();
    const admin = kafkaClient(broker.bootstrap).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPICS.orders, numPartitions: 6 }, { topic: TOPICS.ordersDlq, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    await Promise.all(services.map((s) => s.waitHealthy(90_000)));
    const placed = await produceOrders(broker.bootstrap, 60, { customers: 12, seed: 4 });
    await waitFor(
      async () => {
        const [b, a] = await Promise.all([billing.getJson<{ invoices: number }>('/billing/summary'), analytics.getJson<{ orders: number }>('/analytics/summary')]);
        return b.invoices === placed.length && a.orders === placed.length;
      },
      { timeoutMs: 60_000, description: 'billing and analytics to count all 60 orders' },
    );
    assert.deepEqual(services.flatMap((s) => s.bugs()), []);
  });
});
