import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Redis from 'ioredis';
import { postOrders, type PlacedOrderAnswer } from '@orderlab/cli';
import { CONSUMER_GROUPS } from '@orderlab/events';
import { OrderSystem, redisServerAvailable, waitFor, waitSettled, type ServiceProcess } from '../../src';

const available = redisServerAvailable();
const ORDERS = 400;
const CRASH_EVERY = '100';
const SLOW_ORDERS = 20;

interface AnalyticsSummary {
  orders: number;
  revenueCents: number;
  duplicatesSuppressed: number;
  invalid: number;
}

/**
 * Analytics on @nestjs/microservices' Kafka transport (its @EventPattern handler, auto-commit
 * off, the delivery runner committing through the transport's consumer), against the real
 * broker, with crash points SIGKILLing it and a supervisor restarting it. One system for the
 * file: the second test continues on the first one's data.
 */
describe('analytics through the Nest Kafka transport: at-least-once with idempotent writes, under crash points', { skip: !available && 'redis-server is not installed' }, () => {
  const system = new OrderSystem();
  let analytics: ServiceProcess;
  let redis: Redis;
  const placed: PlacedOrderAnswer[] = [];
  const started = Date.now();

  before(async () => {
    await system.start({ billing: [], analytics: [] });
    redis = new Redis(system.redis.url, { maxRetriesPerRequest: 1 });
  });

  after(async () => {
    redis?.disconnect();
    await system.stop();
    console.log(`analytics-transport suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  /** One analytics process at a time (the previous one leaves the group first, even if its test failed). */
  const launch = async (env: Record<string, string>, name: string) => {
    await system.analytics[0]?.stop();
    analytics = system.consumer('analytics', env, name).supervise();
    system.analytics = [analytics];
    await analytics.start();
    assert.equal((await analytics.health()).body.details.consumer?.transport, '@nestjs/microservices Transport.KAFKA');
  };

  const settled = () =>
    waitSettled(system.broker, [CONSUMER_GROUPS.analytics], () => analytics.getJson<AnalyticsSummary>('/analytics/summary'), {
      timeoutMs: 120_000,
      diagnose: async () => `analytics (${analytics.restarts} restarts): ${analytics.output.slice(-2500)}`,
    });

  /** Per partition (so per key), the orders were counted in offset order: the time each was first counted never goes back. */
  const outOfOrder = async (): Promise<string[]> => {
    const scores = await redis.zmscore('analytics:orders', ...placed.map((p) => p.orderId));
    const byPartition = new Map<number, Array<{ offset: number; at: number }>>();
    placed.forEach((p, i) => byPartition.set(p.partition, [...(byPartition.get(p.partition) ?? []), { offset: p.offset, at: Number(scores[i]) }]));
    const problems: string[] = [];
    for (const [partition, list] of byPartition) {
      list.sort((a, b) => a.offset - b.offset);
      for (let i = 1; i < list.length; i++) if ((list[i]?.at ?? 0) < (list[i - 1]?.at ?? 0)) problems.push(`orders-${partition}@${list[i]?.offset} counted before @${list[i - 1]?.offset}`);
    }
    return problems;
  };

  const post = async (seed: number) => {
    const r = await postOrders({ orderUrl: system.order.url, count: ORDERS, customers: 40, seed });
    assert.equal(r.failed, 0);
    placed.push(...r.placed);
  };

  test('crashes before the Redis step lose nothing: the offset is committed only after the step', async () => {
    await launch({ CRASH_POINT: 'before-process', CRASH_EVERY }, 'analytics-before');
    await post(1);
    const s = await settled();
    console.log(`before-process: ${analytics.restarts} crashes, ${s.orders} orders counted, ${s.duplicatesSuppressed} re-deliveries suppressed`);
    assert.ok(analytics.restarts >= 3, `analytics crashed ${analytics.restarts} times`);
    assert.deepEqual([s.orders, s.revenueCents], [ORDERS, placed.reduce((t, p) => t + p.totalCents, 0)], 'every order counted, once');
    assert.equal(Number(await redis.zcard('analytics:orders')), ORDERS);
    assert.deepEqual(await outOfOrder(), []);
    assert.deepEqual(analytics.bugs(), []);
  });

  test('SIGKILLs during slow Redis steps lose nothing: a commit is never sent for a record whose step has not finished', async () => {
    // Commits are sent in chunks, at the latest 200 ms after they are asked for; each step here
    // takes 1 s, so a commit asked for before the step would go out during it, and a kill in
    // the middle of the step would lose that record.
    await launch({ PROCESS_DELAY_MS: '1000' }, 'analytics-slow');
    const before = (await analytics.getJson<AnalyticsSummary>('/analytics/summary')).orders;
    const r = await postOrders({ orderUrl: system.order.url, count: SLOW_ORDERS, customers: 8, seed: 3 });
    assert.equal(r.failed, 0);
    placed.push(...r.placed);
    for (let kill = 1; kill <= 3; kill++) {
      const at = (await analytics.getJson<AnalyticsSummary>('/analytics/summary')).orders;
      await waitFor(async () => (await analytics.getJson<AnalyticsSummary>('/analytics/summary').catch(() => ({ orders: at }))).orders > at, { timeoutMs: 60_000, intervalMs: 50, description: 'one more order counted' });
      // Not a wait for a condition: it puts the kill in the middle of the next record's 1 s step.
      await new Promise((r) => setTimeout(r, 500));
      await analytics.kill('SIGKILL');
      await waitFor(async () => analytics.restarts === kill && (await analytics.health().catch(() => null))?.status === 200, { timeoutMs: 60_000, description: 'analytics restarted and healthy' });
    }
    const s = await settled();
    console.log(`slow steps: ${analytics.restarts} kills, ${s.orders - before} of ${SLOW_ORDERS} orders counted`);
    assert.equal(s.orders - before, SLOW_ORDERS, 'every order counted once');
    assert.deepEqual(await outOfOrder(), []);
    assert.deepEqual(analytics.bugs(), []);
  });

  test('crashes after the Redis step and before the commit re-deliver, and the idempotent step counts nothing twice', async () => {
    await launch({ CRASH_POINT: 'after-process-before-commit', CRASH_EVERY }, 'analytics-after');
    // Nothing is uncommitted yet, so nothing is re-delivered before the new orders.
    const suppressedBefore = (await analytics.getJson<AnalyticsSummary>('/analytics/summary')).duplicatesSuppressed;
    await post(2);
    const s = await settled();
    console.log(`after-process-before-commit: ${analytics.restarts} crashes, ${s.orders} orders counted, ${s.duplicatesSuppressed - suppressedBefore} re-deliveries suppressed`);
    assert.ok(analytics.restarts >= 3, `analytics crashed ${analytics.restarts} times`);
    assert.ok(s.duplicatesSuppressed - suppressedBefore >= analytics.restarts, 'each crash left its record uncommitted: it came again and was suppressed');
    assert.deepEqual([s.orders, s.revenueCents], [2 * ORDERS + SLOW_ORDERS, placed.reduce((t, p) => t + p.totalCents, 0)], 'every order counted exactly once');
    assert.deepEqual(await outOfOrder(), []);
    assert.deepEqual(analytics.bugs(), []);
  });
});
