import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CONSUMER_GROUPS, TOPICS } from '@orderlab/events';
import { BrokerProcess, FAST_CONSUMER_ENV, RedisServer, ServiceProcess, billingLedger, kafkaClient, ledgerProblems, produceOrders, redisServerAvailable, waitSettled } from '../../src';

const available = redisServerAvailable();
const ORDERS = 80;
const DELAY_MS = 150;

/**
 * A deliberately slow handler (PROCESS_DELAY_MS) on one long batch: 80 records of one
 * partition × 150 ms = 12 s, twice the 6 s session timeout. The member must heartbeat while
 * it works, or the coordinator expires it mid-batch and the group rebalances.
 */
describe('a slow consumer stays in its group', { skip: !available && 'redis-server is not installed' }, () => {
  const broker = new BrokerProcess({ args: ['--group-initial-rebalance-delay-ms', '0', '--log-level', 'info'] });
  const redis = new RedisServer();
  let billing: ServiceProcess | undefined;
  const started = Date.now();

  before(async () => {
    await Promise.all([broker.start(), redis.start()]);
    const admin = kafkaClient(broker.bootstrap).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPICS.orders, numPartitions: 6 }, { topic: TOPICS.ordersDlq, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
  });

  after(async () => {
    await billing?.stop();
    await broker.dispose();
    await redis.stop();
    console.log(`slow-consumer suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test(`${ORDERS} records of one partition at ${DELAY_MS} ms each: billed exactly once in one generation, no session expiry`, async () => {
    // One customer: one partition, fetched as one batch once billing starts.
    const placed = await produceOrders(broker.bootstrap, ORDERS, { customers: 1, seed: 9 });
    billing = await new ServiceProcess('billing', { KAFKA_BROKERS: broker.bootstrap, REDIS_URL: redis.url, ...FAST_CONSUMER_ENV, PROCESS_DELAY_MS: String(DELAY_MS) }).start();
    const generation = async () => ((await (await fetch(`http://127.0.0.1:${broker.adminPort}/groups/${CONSUMER_GROUPS.billing}`)).json()) as { generationId: number }).generationId;
    const first = await generation();
    const b = billing;
    await waitSettled(broker, [CONSUMER_GROUPS.billing], async () => {
      const s = await b.getJson<{ distinctOrders: number }>('/billing/summary');
      return s.distinctOrders >= ORDERS ? s : { waiting: Date.now() };
    }, { timeoutMs: 120_000, diagnose: async () => `billing: ${b.output.slice(-2000)}\nbroker: ${broker.logs.slice(-2000)}` });
    const ledger = await billingLedger(b, placed);
    assert.deepEqual(ledgerProblems(ledger), { missing: 0, duplicated: 0, unexpected: 0, wrongTotal: 0, outOfOrder: 0 });
    assert.equal(ledger.summary.duplicatesDetected, 0);
    assert.equal(await generation(), first, 'no rebalance while the long batch ran');
    assert.doesNotMatch(broker.logs, /session (timed out|expired)|expired/i, 'the coordinator never expired the member');
    assert.deepEqual(b.bugs(), []);
  });
});
