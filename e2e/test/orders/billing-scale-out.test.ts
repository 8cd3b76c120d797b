import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { postOrders } from '@orderlab/cli';
import { CONSUMER_GROUPS } from '@orderlab/events';
import { OrderSystem, kafkaClient, redisServerAvailable, waitFor, waitForStableGroup, assignedCount } from '../../src';

const available = redisServerAvailable();

describe('three billing instances in one group', { skip: !available && 'redis-server is not installed' }, () => {
  const system = new OrderSystem();

  before(async () => {
    await system.start({ billing: [{}, {}, {}] });
  });

  after(async () => {
    await system.stop();
  });

  test('partitions spread 2+2+2 and each order is billed exactly once', async () => {
    const admin = kafkaClient(system.broker.bootstrap).admin();
    await admin.connect();
    const g = await waitForStableGroup(admin, CONSUMER_GROUPS.billing, 3, 6, 60_000);
    await admin.disconnect();
    assert.deepEqual(g.members.map(assignedCount), [2, 2, 2]);
    const { placed } = await postOrders({ orderUrl: system.order.url, count: 600, customers: 30 });
    const ordered = placed.reduce((s, p) => s + p.totalCents, 0);
    const s = await waitFor(async () => {
      const x = await system.summaries();
      return x.billing.distinctOrders >= 600 ? x : undefined;
    }, { timeoutMs: 60_000, intervalMs: 250, description: '600 invoices' });
    assert.deepEqual([s.billing.invoices, s.billing.totalBilledCents, s.billing.duplicatesDetected], [600, ordered, 0]);
    const perInstance = await Promise.all(system.billing.map(async (b) => (await b.getJson<{ info: { consumer: { applied: number } } }>('/health')).info.consumer.applied));
    console.log(`invoices per instance: ${perInstance.join(', ')}`);
    assert.equal(perInstance.reduce((a, b) => a + b, 0), 600);
    assert.ok(perInstance.every((n) => n > 0), 'every instance billed some orders');
  });
});
