import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { postOrders, type PlacedOrderAnswer } from '@orderlab/cli';
import { CONSUMER_GROUPS } from '@orderlab/events';
import { OrderSystem, assignedCount, billingLedger, kafkaClient, ledgerProblems, redisServerAvailable, waitFor, waitForStableGroup, waitSettled, type ServiceProcess } from '../../src';

const available = redisServerAvailable();

describe('billing instances in one group', { skip: !available && 'redis-server is not installed' }, () => {
  const system = new OrderSystem();
  const placed: PlacedOrderAnswer[] = [];
  const started = Date.now();

  before(async () => {
    await system.start({ billing: [{}, {}, {}], analytics: [] });
  });

  after(async () => {
    await system.stop();
    console.log(`billing scale-out suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('three instances: partitions spread 2+2+2 and each order is billed exactly once', async () => {
    const admin = kafkaClient(system.broker.bootstrap).admin();
    await admin.connect();
    const g = await waitForStableGroup(admin, CONSUMER_GROUPS.billing, 3, 6, 60_000);
    await admin.disconnect();
    assert.deepEqual(g.members.map(assignedCount), [2, 2, 2]);
    const r = await postOrders({ orderUrl: system.order.url, count: 600, customers: 30, seed: 1 });
    placed.push(...r.placed);
    const ordered = r.placed.reduce((s, p) => s + p.totalCents, 0);
    const s = await waitFor(async () => {
      const x = await (system.billing[0] as ServiceProcess).getJson<{ distinctOrders: number; invoices: number; totalBilledCents: number; duplicatesDetected: number }>('/billing/summary');
      return x.distinctOrders >= 600 ? x : undefined;
    }, { timeoutMs: 60_000, intervalMs: 250, description: '600 invoices' });
    assert.deepEqual([s.invoices, s.totalBilledCents, s.duplicatesDetected], [600, ordered, 0]);
    const perInstance = await Promise.all(system.billing.map(async (b) => Number((await b.health()).body.details.consumer?.applied)));
    console.log(`invoices per instance: ${perInstance.join(', ')}`);
    assert.equal(perInstance.reduce((a, b) => a + b, 0), 600);
    assert.ok(perInstance.every((n) => n > 0), 'every instance billed some orders');
  });

  test('instances added, stopped and SIGKILLed while orders flow: no order missing, none billed twice, no re-delivery applied', async () => {
    let flowing = true;
    let seed = 100;
    const flow = (async () => {
      while (flowing) {
        const r = await postOrders({ orderUrl: system.order.url, count: 60, customers: 30, seed: seed++ });
        assert.equal(r.failed, 0);
        placed.push(...r.placed);
      }
    })();
    const [b1, b2, b3] = system.billing as [ServiceProcess, ServiceProcess, ServiceProcess];
    const b4 = await system.consumer('billing', {}, 'billing-4').start();
    await b2.stop();
    await b3.kill('SIGKILL');
    const b5 = await system.consumer('billing', {}, 'billing-5').start();
    await b1.kill('SIGKILL');
    const survivors = [b4, b5];
    system.billing.push(b4, b5);
    flowing = false;
    await flow;
    await waitSettled(system.broker, [CONSUMER_GROUPS.billing], () => b4.getJson<{ distinctOrders: number }>('/billing/summary'), { timeoutMs: 90_000 });
    const ledger = await billingLedger(b4, placed);
    console.log(`${placed.length} orders through 4 membership changes; billing summary ${JSON.stringify(ledger.summary)}`);
    assert.deepEqual(ledgerProblems(ledger), { missing: 0, duplicated: 0, unexpected: 0, wrongTotal: 0, outOfOrder: 0 });
    assert.deepEqual([ledger.summary.invoices, ledger.summary.distinctOrders], [placed.length, placed.length]);
    assert.equal(ledger.summary.duplicatesDetected, 0, 'every new owner read from the stored positions: nothing already billed was even re-applied');
    assert.deepEqual(survivors.flatMap((s) => s.bugs()), []);
  });
});
