import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { postOrders } from '@orderlab/cli';
import { CONSUMER_GROUPS } from '@orderlab/events';
import { OrderSystem, billingLedger, ledgerProblems, redisServerAvailable, waitSettled, type ServiceProcess, type Summaries } from '../../src';

const available = redisServerAvailable();
const ORDERS = 1000;
const CRASH_EVERY = '250';

/** Done = both groups committed everything (lag 0 on all 6 partitions) and the summaries stopped moving. */
function drained(system: OrderSystem): Promise<Summaries> {
  const diagnose = async () => {
    const groups = await Promise.all([CONSUMER_GROUPS.billing, CONSUMER_GROUPS.analytics].map(async (g) => fetch(`http://127.0.0.1:${system.broker.adminPort}/groups/${g}`).then((r) => r.text()).catch((e: Error) => e.message)));
    const services = [...system.billing, ...system.analytics].map((x) => `${x.name}: ${x.restarts} restarts; last output: ${x.output.slice(-1500)}`);
    return `${groups.join('\n')}\n${services.join('\n')}\nsummaries: ${JSON.stringify(await system.summaries().catch((e: Error) => e.message))}`;
  };
  return waitSettled(system.broker, [CONSUMER_GROUPS.billing, CONSUMER_GROUPS.analytics], () => system.summaries(), { timeoutMs: 180_000, diagnose });
}

function supervised(system: OrderSystem): void {
  for (const s of [...system.billing, ...system.analytics]) s.supervise();
}

describe('delivery guarantees under crash points (CRASH_EVERY=250, restarted by a supervisor)', { skip: !available && 'redis-server is not installed' }, () => {
  let system: OrderSystem | undefined;
  const started = Date.now();

  after(async () => {
    await system?.stop();
    console.log(`crash matrix suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('exactly-once billing and idempotent at-least-once analytics stay exact through ≥3 crashes each', async (t) => {
    t.after(() => system?.stop().then(() => (system = undefined)));
    system = await new OrderSystem().start({
      billing: [{ DELIVERY_MODE: 'exactly-once', CRASH_POINT: 'after-process-before-commit', CRASH_EVERY }],
      analytics: [{ DELIVERY_MODE: 'at-least-once', IDEMPOTENT_WRITES: 'true', CRASH_POINT: 'after-process-before-commit', CRASH_EVERY }],
    });
    supervised(system);
    const { placed, failed } = await postOrders({ orderUrl: system.order.url, count: ORDERS, customers: 50 });
    assert.equal(failed, 0);
    const ordered = placed.reduce((s, p) => s + p.totalCents, 0);
    const s = await drained(system);
    const [billing, analytics] = [system.billing[0] as ServiceProcess, system.analytics[0] as ServiceProcess];
    console.log(`exact run: billing crashed ${billing.restarts}×, analytics ${analytics.restarts}×; billing detected ${s.billing.duplicatesDetected} re-deliveries, analytics suppressed ${s.analytics.duplicatesSuppressed}`);
    assert.ok(billing.restarts >= 3, `billing crashed ${billing.restarts} times`);
    assert.ok(analytics.restarts >= 3, `analytics crashed ${analytics.restarts} times`);
    const ledger = await billingLedger(billing, placed);
    assert.deepEqual(ledgerProblems(ledger), { missing: 0, duplicated: 0, unexpected: 0, wrongTotal: 0, outOfOrder: 0 }, 'billing: every acknowledged order invoiced once, with its total, in offset order');
    assert.deepEqual([ledger.summary.invoices, ledger.summary.totalBilledCents], [ORDERS, ordered]);
    // Each restart reads its stored positions before it applies anything: what the crash left
    // uncommitted is never even re-applied, so there is nothing to detect.
    assert.equal(ledger.summary.duplicatesDetected, 0, 'billing re-applied records it had billed before its crash');
    assert.deepEqual([s.analytics.orders, s.analytics.revenueCents], [ORDERS, ordered], 'analytics: every order counted once');
    assert.ok(s.analytics.duplicatesSuppressed > 0, 'at-least-once re-delivered what the crashes left uncommitted, and the idempotent writes suppressed it');
    assert.deepEqual(system.bugs(), []);
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
    const ledger = await billingLedger(billing, placed);
    const missing = ORDERS - s.analytics.orders;
    console.log(`broken run: billing crashed ${billing.restarts}× and billed ${ledger.duplicated.length} orders twice (${s.billing.totalBilledCents - ordered} cents too much); analytics crashed ${analytics.restarts}× and lost ${missing} orders`);
    assert.ok(billing.restarts >= 3 && analytics.restarts >= 3, `crashes: billing ${billing.restarts}, analytics ${analytics.restarts}`);
    assert.ok(ledger.duplicated.length > 0, 'at-least-once with plain writes bills some orders twice');
    assert.equal(ledger.duplicated.length, s.billing.invoices - ORDERS, 'exactly the extra invoices are the repeated orders');
    assert.equal(s.billing.duplicatesDetected, ledger.duplicated.length, 'and billing counted each repeat');
    assert.deepEqual([ledger.missing.length, s.billing.distinctOrders], [0, ORDERS], 'but no order was lost');
    assert.ok(s.billing.totalBilledCents > ordered);
    assert.ok(missing > 0, 'at-most-once shows missing orders');
    assert.ok(s.analytics.duplicatesSuppressed === 0 && s.analytics.orders < ORDERS);
    assert.deepEqual(system.bugs(), []);
  });
});
