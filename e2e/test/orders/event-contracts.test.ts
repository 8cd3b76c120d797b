import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Partitioners } from 'kafkajs';
import { TOPICS } from '@orderlab/events';
import { OrderSystem, kafkaClient, kcat, kcatAvailable, redisServerAvailable, waitFor, type ServiceProcess } from '../../src';

const available = redisServerAvailable() && kcatAvailable();

describe('event contracts: dead letters and schema evolution', { skip: !available && 'redis-server or kcat is not installed' }, () => {
  const system = new OrderSystem();
  const started = Date.now();

  before(async () => {
    await system.start();
  });

  after(async () => {
    await system.stop();
    console.log(`event-contracts suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('a bad record produced with kcat is counted, logged with partition and offset, sent to orders.dlq, and its offset advanced', async () => {
    const res = await kcat(['-b', system.broker.bootstrap, '-t', TOPICS.orders, '-P', '-p', '2', '-K:'], { input: 'customer-x:{"type":"OrderPlaced","orderId":42}\n' });
    assert.equal(res.code, 0, res.stderr);
    const dlq = await waitFor(async () => {
      const out = await kcat(['-b', system.broker.bootstrap, '-t', TOPICS.ordersDlq, '-C', '-o', 'beginning', '-e', '-q', '-f', '%k|%h\\n']);
      const lines = out.stdout.split('\n').filter(Boolean);
      return lines.length >= 2 ? lines : undefined;
    }, { timeoutMs: 30_000, description: 'both consumer groups to dead-letter the record' });
    assert.ok(dlq.every((l) => l.startsWith('customer-x|')));
    assert.ok(dlq.some((l) => l.includes('dlq-consumer-group=billing-group')) && dlq.some((l) => l.includes('dlq-consumer-group=analytics-group')));
    assert.ok(dlq.every((l) => l.includes('dlq-original-partition=2') && l.includes('dlq-original-offset=0')));
    const billing = system.billing[0];
    const health = await billing?.getJson<{ info: { consumer: { invalid: number } } }>('/health');
    assert.equal(health?.info.consumer.invalid, 1);
    assert.match(billing?.output ?? '', /invalid event at orders-2@0 sent to the dead-letter topic/);
    await waitFor(async () => {
      const r = await fetch(`http://127.0.0.1:${system.broker.adminPort}/groups/billing-group`);
      const body = (await r.json()) as { partitions: Array<{ partition: number; committedOffset: number | null }> };
      return body.partitions.find((p) => p.partition === 2)?.committedOffset === 1;
    }, { timeoutMs: 20_000, description: 'the committed offset of partition 2 to move past the bad record' });
  });

  test('a v2 OrderPlaced with an added optional field (discountCents) is processed by the v1 consumers', async () => {
    const producer = kafkaClient(system.broker.bootstrap).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const v2 = { type: 'OrderPlaced', schemaVersion: 2, orderId: 'v2-order', customerId: 'c-v2', city: 'Quetta', items: [{ sku: 'tea', qty: 1, unitPriceCents: 500 }], currency: 'PKR', totalCents: 450, discountCents: 50, placedAt: new Date().toISOString() };
    await producer.send({ topic: TOPICS.orders, messages: [{ key: 'c-v2', value: JSON.stringify(v2) }] });
    await producer.disconnect();
    const invoice = await waitFor(async () => {
      const r = await fetch(`${system.billing[0]?.url}/invoices/v2-order`);
      return r.ok ? ((await r.json()) as { totalCents: number }) : undefined;
    }, { timeoutMs: 20_000, description: 'the v2 order to be invoiced' });
    assert.equal(invoice.totalCents, 450);
    const quetta = await waitFor(async () => (await system.analytics[0]?.getJson<{ byCity: Record<string, { revenueCents: number }> }>('/analytics/summary'))?.byCity.Quetta, { timeoutMs: 20_000, description: 'analytics to count the v2 order' });
    assert.equal(quetta.revenueCents, 450);
  });

  test('a forged total of 2^63 cents is refused before any write: no invoice, no counter moved, one dead letter that a restart does not send again', async () => {
    const billing = system.billing[0] as ServiceProcess;
    const before = await billing.getJson<{ invoices: number; totalBilledCents: number; invalid: number }>('/billing/summary');
    const forged = JSON.stringify({ type: 'OrderPlaced', schemaVersion: 1, orderId: 'forged-total', customerId: 'c-forger', city: 'Quetta', items: [{ sku: 'tea', qty: 1, unitPriceCents: 500 }], currency: 'PKR', totalCents: 1, placedAt: new Date().toISOString() }).replace('"totalCents":1', '"totalCents":9223372036854775808');
    const producer = kafkaClient(system.broker.bootstrap).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const [at] = await producer.send({ topic: TOPICS.orders, acks: -1, messages: [{ key: 'c-forger', value: forged }] });
    await producer.disconnect();
    const lettersFor = async () => {
      const out = await kcat(['-b', system.broker.bootstrap, '-t', TOPICS.ordersDlq, '-C', '-o', 'beginning', '-e', '-q', '-f', '%h\\n']);
      return out.stdout.split('\n').filter((l) => l.includes('dlq-consumer-group=billing-group') && l.includes(`dlq-original-partition=${at?.partition},`) && l.includes(`dlq-original-offset=${at?.baseOffset}`)).length;
    };
    await waitFor(async () => (await lettersFor()) === 1, { timeoutMs: 20_000, description: 'billing to dead-letter the forged order' });
    const after = await billing.getJson<{ invoices: number; totalBilledCents: number; invalid: number }>('/billing/summary');
    assert.deepEqual([after.invoices, after.totalBilledCents], [before.invoices, before.totalBilledCents], 'nothing was billed');
    assert.equal((await fetch(`${billing.url}/invoices/forged-total`)).status, 404, 'no half-written invoice');
    assert.match(billing.output, /totalCents: Number must be less than or equal to 100000000000000/);
    await billing.stop();
    await billing.start();
    // A marker after the forged record: once billed, the restarted billing is past the forged one.
    const marker = kafkaClient(system.broker.bootstrap).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await marker.connect();
    await marker.send({ topic: TOPICS.orders, messages: [{ key: 'c-forger', value: JSON.stringify({ type: 'OrderPlaced', schemaVersion: 1, orderId: 'after-forged', customerId: 'c-forger', city: 'Quetta', items: [{ sku: 'tea', qty: 1, unitPriceCents: 500 }], currency: 'PKR', totalCents: 500, placedAt: new Date().toISOString() }) }] });
    await marker.disconnect();
    await waitFor(async () => (await fetch(`${billing.url}/invoices/after-forged`)).ok, { timeoutMs: 30_000, description: 'the restarted billing to bill the order after the forged one' });
    assert.equal(await lettersFor(), 1, 'the restart did not dead-letter the forged order again: its position had advanced');
    assert.equal((await billing.getJson<{ invalid: number }>('/billing/summary')).invalid, before.invalid + 1);
    assert.deepEqual(system.bugs(), []);
  });
});
