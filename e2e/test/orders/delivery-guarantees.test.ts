import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { postOrders } from '@orderlab/cli';
import { CONSUMER_GROUPS } from '@orderlab/events';
import { OrderSystem, type ServiceProcess, redisServerAvailable, waitFor, type Summaries } from '../../src';

const available = redisServerAvailable();
const ORDERS = 1000;
const CRASH_EVERY = '250';

/** Done = both groups committed everything (lag 0 on all 6 partitions) and the summaries stopped moving. */
async function drained(system: OrderSystem): Promise<Summaries> {
  const lagZero = async (group: string) => {
    const res = await fetch(`http://127.0.0.1:${system.broker.adminPort}/groups/${group}`);
    if (!res.ok) return false;
    const body = (await res.json()) as { totalLag: number; partitions: Array<{ committedOffset: number | null }> };
    return body.partitions.length === 6 && body.partitions.every((p) => p.committedOffset !== null) && body.totalLag === 0;
  };
  let previous = '';
  const diagnose = async () => {
    const groups = await Promise.all([CONSUMER_GROUPS.billing, CONSUMER_GROUPS.analytics].map(async (g) => fetch(`http://127.0.0.1:${system.broker.adminPort}/groups/${g}`).then((r) => r.text()).catch((e: Error) => e.message)));
    const services = [...system.billing, ...system.analytics].map((x) => `${x.name}: ${x.restarts} restarts; last output: ${x.output.slice(-1500)}`);
    return `${groups.join('\n')}\n${services.join('\n')}\nsummaries: ${JSON.stringify(await system.summaries().catch((e: Error) => e.message))}`;
  };
  return waitFor(async () => {
    if (!(await lagZero(CONSUMER_GROUPS.billing)) || !(await lagZero(CONSUMER_GROUPS.analytics))) return undefined;
    const s = await system.summaries();
    const now = JSON.stringify(s);
    const stable = now === previous;
    previous = now;
    return stable ? s : undefined;
  }, { timeoutMs: 180_000, intervalMs: 500, description: 'both groups to drain' }).catch(async (e: Error) => {
    throw new Error(`${e.message}\n${await diagnose()}`);
  });
}

function supervised(system: OrderSystem): void {
  for (const s of [...system.billing, ...system.analytics]) s.supervise();
}

describe('delivery guarantees under crash points (CRASH_EVERY=250, restarted by a supervisor)', { skip: !available && 'redis-server is not installed' }, () => {
  let system: OrderSystem | undefined;

  after(async () => {
    await system?.stop();
  });

  test('exactly-once billing and idempotent at-least-once analytics stay exact through ≥3 crashes each', async () => {
    system = await new OrderSystem().start({
      billing: [{ DELIVERY_MODE: 'exactly-once', CRASH_POINT: 'after-process-before-commit', CRASH_EVERY }],
      analytics: [{ DELIVERY_MODE: 'at-least-once', IDEMPOTENT_WRITES: 'true', CRASH_POINT: 'after-process-before-commit', CRASH_EVERY }],
    });
    supervised(system);
    const { placed } = await postOrders({ orderUrl: system.order.url, count: ORDERS, customers: 50 });
    const ordered = placed.reduce((s, p) => s + p.totalCents, 0);
    const s = await drained(system);
    const [billing, analytics] = [system.billing[0] as ServiceProcess, system.analytics[0] as ServiceProcess];
    console.log(`exact run: billing crashed ${billing.restarts}×, analytics ${analytics.restarts}×; billing skipped ${s.billing.duplicatesDetected} re-deliveries, analytics suppressed ${s.analytics.duplicatesSuppressed}`);
    assert.ok(billing.restarts >= 3, `billing crashed ${billing.restarts} times`);
    assert.ok(analytics.restarts >= 3, `analytics crashed ${analytics.restarts} times`);
    assert.deepEqual([s.billing.invoices, s.billing.totalBilledCents], [ORDERS, ordered], 'billing: every order billed once');
    assert.deepEqual([s.analytics.orders, s.analytics.revenueCents], [ORDERS, ordered], 'analytics: every order counted once');
    assert.ok(s.analytics.duplicatesSuppressed > 0, 'the crashes did cause re-deliveries, which were suppressed');
    await system.stop();
    system = undefined;
  });

  test('at-least-once without idempotent writes double-counts; at-most-once with before-process crashes loses orders', async () => {
    system = await new OrderSystem().start({
      billing: [{ DELIVERY_MODE: 'at-least-once', IDEMPOTENT_WRITES: 'false', CRASH_POINT: 'after-process-before-commit', CRASH_EVERY }],
      analytics: [{ DELIVERY_MODE: 'at-most-once', CRASH_POINT: 'before-process', CRASH_EVERY }],
    });
    supervised(system);
    const { placed } = await postOrders({ orderUrl: system.order.url, count: ORDERS, customers: 50 });
    const ordered = placed.reduce((s, p) => s + p.totalCents, 0);
    const s = await drained(system);
    const [billing, analytics] = [system.billing[0] as ServiceProcess, system.analytics[0] as ServiceProcess];
    const duplicates = s.billing.invoices - ORDERS;
    const missing = ORDERS - s.analytics.orders;
    console.log(`broken run: billing crashed ${billing.restarts}× and billed ${duplicates} orders twice (${s.billing.totalBilledCents - ordered} cents too much); analytics crashed ${analytics.restarts}× and lost ${missing} orders`);
    assert.ok(billing.restarts >= 3 && analytics.restarts >= 3, `crashes: billing ${billing.restarts}, analytics ${analytics.restarts}`);
    assert.ok(duplicates > 0, 'at-least-once with plain writes shows duplicates');
    assert.equal(s.billing.distinctOrders, ORDERS, 'but no order was lost');
    assert.ok(s.billing.totalBilledCents > ordered);
    assert.ok(missing > 0, 'at-most-once shows missing orders');
    assert.ok(s.analytics.duplicatesSuppressed === 0 && s.analytics.orders < ORDERS);
  });
});
