#!/usr/bin/env node
// npm run soak:orders -- --minutes N [--rate R]
// Runs the whole order system with short retentions (topic 60 s, segments 20 s, keys and
// invoices 60 s) and posts R orders/s for N minutes — some of them from never-seen cities
// and SKUs — sampling Redis memory and every process's RSS. After the warm-up (the first
// half) every piece of state has reached its retention, so memory must stay flat.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Redis from 'ioredis';
import { BrokerProcess, FAST_CONSUMER_ENV, RedisServer, ServiceProcess } from '@orderlab/e2e';

interface Sample {
  readonly atS: number;
  readonly values: Record<string, number>;
}

const { values: args } = parseArgs({ options: { minutes: { type: 'string', default: '6' }, rate: { type: 'string', default: '100' } } });
const MINUTES = Number(args.minutes);
const RATE = Number(args.rate);
const SAMPLE_EVERY_MS = 10_000;
const CITIES = ['Lahore', 'Karachi', 'Islamabad', 'Peshawar', 'Quetta', 'Multan', 'Sialkot', 'Hyderabad'];

function rssMb(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? NaN) / 1024;
}

/** Mostly known cities and SKUs; 2% never seen before (a client sending free text), which the caps must absorb. */
function body(i: number): string {
  const rare = i % 50 === 0;
  const city = rare ? `Town ${i}` : (CITIES[i % CITIES.length] as string);
  const sku = rare ? `sku-new-${i}` : `sku-${i % 40}`;
  return JSON.stringify({ customerId: `soak-${i % 200}`, city, items: [{ sku, qty: 1 + (i % 3), unitPriceCents: 100 + (i % 9) * 50 }], currency: 'PKR' });
}

async function main(): Promise<void> {
  const redis = await new RedisServer().start();
  const broker = await new BrokerProcess({ args: ['--log-level', 'warn', '--group-initial-rebalance-delay-ms', '0', '--log-retention-check-interval-ms', '5000'] }).start();
  const common = { KAFKA_BROKERS: broker.bootstrap, REDIS_URL: redis.url };
  const order = await new ServiceProcess('order', { ...common, ORDERS_RETENTION_MS: '60000', ORDERS_SEGMENT_MS: '20000', IDEMPOTENCY_TTL_SECONDS: '60', ORDER_RETENTION_SECONDS: '60' }).start();
  const billing = await new ServiceProcess('billing', { ...common, ...FAST_CONSUMER_ENV, INVOICE_RETENTION_SECONDS: '60', HISTORY_MAX_PER_CUSTOMER: '50' }).start();
  const analytics = await new ServiceProcess('analytics', { ...common, ...FAST_CONSUMER_ENV, ANALYTICS_MAX_CITIES: '50', ANALYTICS_MAX_SKUS: '100', ANALYTICS_MINUTES_KEPT: '3' }).start();
  const client = new Redis(redis.url);
  const samples: Sample[] = [];
  const counts = { sent: 0, accepted: 0, refused: 0 };
  const started = Date.now();
  const sample = async () => {
    const info = await client.info('memory');
    const usedMb = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? NaN) / 1024 / 1024;
    samples.push({
      atS: Math.round((Date.now() - started) / 1000),
      values: { 'redis used_memory MB': usedMb, 'redis keys': await client.dbsize(), 'redis RSS MB': rssMb(redis.pid), 'broker RSS MB': rssMb(broker.pid), 'order RSS MB': rssMb(order.pid), 'billing RSS MB': rssMb(billing.pid), 'analytics RSS MB': rssMb(analytics.pid) },
    });
  };
  try {
    console.log(`soak: ${RATE} orders/s for ${MINUTES} min (topic retention 60 s, segments 20 s, keys/invoices/orders 60 s); sampling every ${SAMPLE_EVERY_MS / 1000} s`);
    await sample();
    let nextSample = Date.now() + SAMPLE_EVERY_MS;
    const inflight = new Set<Promise<void>>();
    for (let i = 0; Date.now() - started < MINUTES * 60_000; i++) {
      const due = started + (i * 1000) / RATE;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      counts.sent++;
      const p: Promise<void> = fetch(`${order.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `soak-${i}` }, body: body(i) })
        .then((res) => void (res.status === 201 || res.status === 202 ? counts.accepted++ : counts.refused++))
        .catch(() => void counts.refused++)
        .finally(() => inflight.delete(p));
      inflight.add(p);
      if (Date.now() >= nextSample) {
        nextSample += SAMPLE_EVERY_MS;
        await sample();
      }
    }
    await Promise.all(inflight);
    await sample();
    const billed = await billing.getJson<{ invoices: number }>('/billing/summary');
    report(samples, counts, billed.invoices);
  } finally {
    client.disconnect();
    await Promise.all([order.stop(), billing.stop(), analytics.stop()]);
    await broker.dispose();
    await redis.stop();
  }
}

/** Figures at the end of the warm-up and at the end, and the growth in between: flat means within 10% (Redis) and 15% (RSS). */
function report(samples: Sample[], counts: { sent: number; accepted: number; refused: number }, invoices: number): void {
  const warm = samples.find((s) => s.atS >= (MINUTES * 60) / 2) ?? (samples[0] as Sample);
  const last = samples[samples.length - 1] as Sample;
  console.log(`\norders: ${counts.sent} sent, ${counts.accepted} accepted, ${counts.refused} refused; billing wrote ${invoices} invoices`);
  console.log(`${'metric'.padEnd(22)} ${'start'.padStart(8)} ${`at ${warm.atS}s`.padStart(9)} ${`at ${last.atS}s`.padStart(9)}  growth after warm-up`);
  let flat = true;
  for (const name of Object.keys(last.values)) {
    const [a, w, z] = [samples[0]?.values[name] ?? NaN, warm.values[name] ?? NaN, last.values[name] ?? NaN];
    const growth = (z - w) / w;
    const limit = name.startsWith('redis used') || name === 'redis keys' ? 0.1 : 0.15;
    const ok = Number.isFinite(growth) && growth <= limit;
    flat &&= ok;
    console.log(`${name.padEnd(22)} ${a.toFixed(1).padStart(8)} ${w.toFixed(1).padStart(9)} ${z.toFixed(1).padStart(9)}  ${(growth * 100).toFixed(1).padStart(6)}% ${ok ? '✔' : `✘ (limit ${limit * 100}%)`}`);
  }
  console.log(`\nsamples (s: redis used_memory MB): ${samples.map((s) => `${s.atS}:${(s.values['redis used_memory MB'] ?? 0).toFixed(1)}`).join(' ')}`);
  console.log(`verdict: ${flat ? 'flat after warm-up ✔' : 'still growing after warm-up ✘'}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
