import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { postOrders, type PlacedOrderAnswer } from '@orderlab/cli';
import { OrderSystem, type ServiceProcess, redisServerAvailable, waitFor } from '../../src';

const available = redisServerAvailable();

describe('the Order Processing System end to end, every part its own process', { skip: !available && 'redis-server is not installed' }, () => {
  const system = new OrderSystem();
  let placed: PlacedOrderAnswer[] = [];

  before(async () => {
    await system.start();
  });

  after(async () => {
    await system.stop();
  });

  test('1,000 orders for 50 customers: billing has 1,000 invoices and analytics the same totals', async () => {
    const started = Date.now();
    const result = await postOrders({ orderUrl: system.order.url, count: 1000, customers: 50 });
    placed = result.placed;
    assert.equal(result.failed, 0);
    assert.equal(placed.length, 1000);
    console.log(`posted 1000 orders in ${Date.now() - started} ms`);
    const ordered = placed.reduce((s, p) => s + p.totalCents, 0);
    const s = await waitFor(async () => {
      const x = await system.summaries();
      return x.billing.distinctOrders >= 1000 && x.analytics.orders >= 1000 ? x : undefined;
    }, { timeoutMs: 60_000, intervalMs: 250, description: 'billing and analytics to see 1000 orders' });
    assert.deepEqual({ invoices: s.billing.invoices, total: s.billing.totalBilledCents, duplicates: s.billing.duplicatesDetected }, { invoices: 1000, total: ordered, duplicates: 0 });
    assert.deepEqual({ orders: s.analytics.orders, revenue: s.analytics.revenueCents, suppressed: s.analytics.duplicatesSuppressed }, { orders: 1000, revenue: ordered, suppressed: 0 });
    const byCity = new Map<string, number>();
    for (const p of placed) byCity.set(p.city, (byCity.get(p.city) ?? 0) + p.totalCents);
    for (const [city, cents] of byCity) assert.equal(s.analytics.byCity[city]?.revenueCents, cents, `revenue of ${city}`);
  });

  test('for every customer, billing processed that customer\'s orders in the offset order the POST answers gave', async () => {
    const billing = system.billing[0] as ServiceProcess;
    const customers = [...new Set(placed.map((p) => p.customerId))];
    assert.equal(customers.length, 50);
    for (const customerId of customers) {
      const mine = placed.filter((p) => p.customerId === customerId);
      assert.equal(new Set(mine.map((p) => p.partition)).size, 1, `${customerId}'s orders share one partition (keyed by customer)`);
      const expected = [...mine].sort((a, b) => a.offset - b.offset).map((p) => p.orderId);
      const { orderIds } = await billing.getJson<{ orderIds: string[] }>(`/billing/customers/${customerId}/history`);
      assert.deepEqual(orderIds, expected, `${customerId}: billed in offset order`);
    }
  });
});
