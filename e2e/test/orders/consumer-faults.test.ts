import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { postOrders, type PlacedOrderAnswer } from '@orderlab/cli';
import { CONSUMER_GROUPS, TOPICS } from '@orderlab/events';
import { OrderSystem, billingLedger, freePort, kafkaClient, kcat, kcatAvailable, ledgerProblems, produceOrders, redisServerAvailable, ServiceProcess, waitFor, waitSettled } from '../../src';

const available = redisServerAvailable() && kcatAvailable();

/** /health's answer, with its reasons flattened to one string for matching. */
async function healthOf(s: ServiceProcess): Promise<{ status: number; text: string; details: Record<string, Record<string, unknown>> }> {
  const h = await s.health();
  return { status: h.status, text: JSON.stringify(h.body.details), details: h.body.details };
}

/**
 * Redis and the dead-letter topic failing under the consumers: nothing crashes, nothing
 * stalls silently (/health says down, and why), nothing is lost or billed twice, and no
 * process reports an unhandled rejection. One broker, Redis and set of services for all.
 */
describe('consumers under Redis and dead-letter faults', { skip: !available && 'redis-server or kcat is not installed' }, () => {
  const system = new OrderSystem();
  const placed: PlacedOrderAnswer[] = [];
  const started = Date.now();
  let billing: ServiceProcess;
  let analytics: ServiceProcess;

  const settled = () =>
    waitSettled(system.broker, [CONSUMER_GROUPS.billing, CONSUMER_GROUPS.analytics], () => system.summaries(), {
      timeoutMs: 90_000,
      diagnose: async () => `billing: ${billing.output.slice(-2000)}\nanalytics: ${analytics.output.slice(-2000)}`,
    });
  const assertExact = async () => {
    const ledger = await billingLedger(billing, placed);
    assert.deepEqual(ledgerProblems(ledger), { missing: 0, duplicated: 0, unexpected: 0, wrongTotal: 0, outOfOrder: 0 });
    const ordered = placed.reduce((s, p) => s + p.totalCents, 0);
    assert.deepEqual([ledger.summary.invoices, ledger.summary.totalBilledCents], [placed.length, ordered]);
    const a = await analytics.getJson<{ orders: number; revenueCents: number }>('/analytics/summary');
    assert.deepEqual([a.orders, a.revenueCents], [placed.length, ordered]);
  };

  before(async () => {
    // Redis gets its port now but starts only in the first test: every service boots without it.
    system.redis.port = await freePort();
    await system.broker.start();
    system.order = await new ServiceProcess('order', system.common).startListening();
    billing = await system.consumer('billing', {}, 'billing-1').startListening();
    analytics = await system.consumer('analytics', {}, 'analytics-1').startListening();
    system.billing = [billing];
    system.analytics = [analytics];
  });

  after(async () => {
    await system.stop();
    console.log(`consumer-faults suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('Redis down at boot: every service starts, /health says Redis is down; once it is up they recover and bill every order', async () => {
    for (const s of [system.order, billing, analytics]) {
      const h = await healthOf(s);
      assert.equal(h.status, 503, `${s.name} is unhealthy without Redis`);
      assert.equal(h.details.redis?.status, 'down', `${s.name}: ${h.text}`);
    }
    await system.redis.start();
    await Promise.all([system.order, billing, analytics].map((s) => s.waitHealthy(30_000)));
    const r = await postOrders({ orderUrl: system.order.url, count: 200, customers: 20, seed: 1 });
    assert.equal(r.failed, 0);
    placed.push(...r.placed);
    await settled();
    await assertExact();
    assert.deepEqual(system.bugs(), []);
  });

  test('Redis paused mid-run: the consumers report the failing step in /health, keep their partitions, and resume exactly', async () => {
    const generation = await groupGeneration(system, CONSUMER_GROUPS.billing);
    system.redis.pause();
    try {
      placed.push(...(await produceOrders(system.broker.bootstrap, 100, { customers: 20, seed: 2 })));
      const down = await waitFor(async () => {
        const h = await healthOf(billing);
        return h.status === 503 && /apply orders-\d+@\d+ is failing since/.test(h.text) ? h : undefined;
      }, { timeoutMs: 30_000, intervalMs: 500, description: 'billing to report the failing Redis step' });
      console.log(`billing while Redis is paused: ${JSON.stringify(down.details.consumer?.reason)}`);
    } finally {
      system.redis.resume();
    }
    await Promise.all([billing, analytics].map((s) => s.waitHealthy(30_000)));
    await settled();
    await assertExact();
    assert.equal(await groupGeneration(system, CONSUMER_GROUPS.billing), generation, 'no rebalance: billing heartbeated while it retried');
    assert.deepEqual([billing.restarts, analytics.restarts, billing.alive, analytics.alive], [0, 0, true, true]);
    assert.deepEqual(system.bugs(), []);
  });

  test('the dead-letter topic failing: /health says so while the dead letter is retried; once it works the record is dead-lettered once and the partition moves on', async () => {
    const admin = kafkaClient(system.broker.bootstrap).admin();
    await admin.connect();
    try {
      await admin.deleteTopics({ topics: [TOPICS.ordersDlq] });
      const bad = await kcat(['-b', system.broker.bootstrap, '-t', TOPICS.orders, '-P', '-p', '0', '-K:'], { input: 'customer-x:{"type":"OrderPlaced","orderId":"forged"}\n' });
      assert.equal(bad.code, 0, bad.stderr);
      await waitFor(async () => {
        const h = await healthOf(billing);
        return h.status === 503 && /to the dead-letter topic is failing since/.test(h.text);
      }, { timeoutMs: 30_000, intervalMs: 500, description: 'billing to report the failing dead letter' });
      await admin.createTopics({ topics: [{ topic: TOPICS.ordersDlq, numPartitions: 1 }], waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }
    placed.push(...(await produceOrders(system.broker.bootstrap, 20, { customers: 20, seed: 3 })));
    await Promise.all([billing, analytics].map((s) => s.waitHealthy(30_000)));
    await settled();
    await assertExact();
    const dlq = await kcat(['-b', system.broker.bootstrap, '-t', TOPICS.ordersDlq, '-C', '-o', 'beginning', '-e', '-q', '-f', '%h\\n']);
    const letters = dlq.stdout.split('\n').filter(Boolean);
    assert.equal(letters.filter((l) => l.includes('dlq-consumer-group=billing-group')).length, 1, dlq.stdout);
    assert.equal(letters.filter((l) => l.includes('dlq-consumer-group=analytics-group')).length, 1, dlq.stdout);
    assert.equal((await billing.getJson<{ invalid: number }>('/billing/summary')).invalid, 1);
    assert.deepEqual(system.bugs(), []);
  });
});

async function groupGeneration(system: OrderSystem, group: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${system.broker.adminPort}/groups/${group}`);
  return ((await res.json()) as { generationId: number }).generationId;
}
