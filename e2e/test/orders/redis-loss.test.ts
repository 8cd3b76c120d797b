import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { truncateSync, statSync } from 'node:fs';
import { postOrders, type PlacedOrderAnswer } from '@orderlab/cli';
import { CONSUMER_GROUPS } from '@orderlab/events';
import Redis from 'ioredis';
import { OrderSystem, billingLedger, ledgerProblems, redisServerAvailable, waitSettled, type ServiceProcess } from '../../src';

const available = redisServerAvailable();

/**
 * Billing's exactly-once must survive a Redis that loses writes: its stored positions, not
 * the group's committed offsets, say where to read, so whatever Redis lost is read again
 * from Kafka. One system for both faults: a restart from an AOF cut short, then a wipe.
 */
describe('billing stays exactly-once when Redis loses writes', { skip: !available && 'redis-server is not installed' }, () => {
  const system = new OrderSystem();
  const placed: PlacedOrderAnswer[] = [];
  const started = Date.now();
  let billing: ServiceProcess;

  const post = async (count: number, seed: number) => {
    const r = await postOrders({ orderUrl: system.order.url, count, customers: 20, seed });
    assert.equal(r.failed, 0);
    placed.push(...r.placed);
  };
  const settled = () =>
    waitSettled(system.broker, [CONSUMER_GROUPS.billing], async () => {
      const s = await billing.getJson<{ distinctOrders: number; invoices: number }>('/billing/summary');
      return s.distinctOrders >= placed.length ? s : { waitingFor: placed.length - s.distinctOrders, at: Date.now() };
    }, {
      timeoutMs: 90_000,
      diagnose: async () => `billing output: ${billing.output.slice(-3000)}`,
    });
  const assertExact = async () => {
    const ledger = await billingLedger(billing, placed);
    assert.deepEqual(ledgerProblems(ledger), { missing: 0, duplicated: 0, unexpected: 0, wrongTotal: 0, outOfOrder: 0 });
    assert.deepEqual([ledger.summary.invoices, ledger.summary.distinctOrders, ledger.summary.totalBilledCents], [placed.length, placed.length, placed.reduce((s, p) => s + p.totalCents, 0)]);
  };

  before(async () => {
    await system.start({ redis: { appendfsync: 'always' }, analytics: [] });
    billing = system.billing[0] as ServiceProcess;
  });

  after(async () => {
    await system.stop();
    console.log(`redis-loss suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('Redis restarted from an AOF cut short while billing runs: the lost invoices are billed again, each order exactly once', async () => {
    await post(300, 1);
    await settled();
    const aof = system.redis.incrementalAof();
    const earlier = statSync(aof).size;
    await post(300, 2);
    await settled();
    await system.redis.kill();
    // The tail a host crash with a lazier fsync would lose: everything after `earlier`, cut mid-command.
    truncateSync(aof, earlier + 17);
    await system.redis.start();
    await post(200, 3);
    await settled();
    await assertExact();
    const health = await billing.health();
    assert.ok(Number(health.body.details.consumer?.rewinds) >= 1, `billing noticed it was behind: ${JSON.stringify(health.body.details.consumer)}`);
    assert.match(billing.output, /the store is behind Kafka \(it lost writes\)/);
    assert.deepEqual(system.bugs(), []);
  });

  test('Redis wiped while billing runs: billing starts again from the beginning of retained data and bills every order exactly once', async () => {
    const redis = new Redis(system.redis.url);
    await redis.flushall();
    redis.disconnect();
    await settled();
    await assertExact();
    assert.match(billing.output, /no stored position for orders-\d: starting from the beginning of retained data/);
    assert.deepEqual(system.bugs(), []);
  });
});
