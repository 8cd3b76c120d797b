#!/usr/bin/env node
// npm run demo:orders -- --count 1000 --customers 50
// Posts orders to the order service with a progress bar, then prints what billing and
// analytics made of them, and whether their totals match what was ordered.
import { SingleBar, Presets } from 'cli-progress';
import { Command } from 'commander';
import { postOrders } from './post-orders';

async function getJson(url: string): Promise<Record<string, unknown> | null> {
  try {
    const res = await fetch(url);
    return res.ok ? ((await res.json()) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

async function waitForInvoices(billingUrl: string, expected: number, timeoutMs: number): Promise<Record<string, unknown> | null> {
  const deadline = Date.now() + timeoutMs;
  let last: Record<string, unknown> | null = null;
  while (Date.now() < deadline) {
    last = await getJson(`${billingUrl}/billing/summary`);
    if (last && Number(last.distinctOrders) >= expected) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  return last;
}

async function main(): Promise<void> {
  const o = new Command()
    .option('--count <n>', 'orders to place', '1000')
    .option('--customers <n>', 'distinct customers (each customer\'s orders go one after another)', '50')
    .option('--seed <n>', 'seed of the sample orders', '42')
    .option('--order-url <url>', 'order service', 'http://localhost:3000')
    .option('--billing-url <url>', 'billing service', 'http://localhost:3001')
    .option('--analytics-url <url>', 'analytics service', 'http://localhost:3002')
    .parse(process.argv)
    .opts<{ count: string; customers: string; seed: string; orderUrl: string; billingUrl: string; analyticsUrl: string }>();
  const count = Number(o.count);
  const bar = new SingleBar({ format: 'placing orders [{bar}] {value}/{total} {percentage}% | {duration}s' }, Presets.shades_classic);
  bar.start(count, 0);
  const started = Date.now();
  const before = (await getJson(`${o.billingUrl}/billing/summary`))?.distinctOrders;
  const { placed, failed } = await postOrders({ orderUrl: o.orderUrl, count, customers: Number(o.customers), seed: Number(o.seed), onProgress: (n) => bar.update(n) });
  bar.stop();
  const seconds = (Date.now() - started) / 1000;
  const ordered = placed.reduce((s, p) => s + p.totalCents, 0);
  console.log(`\nplaced ${placed.length} orders (${failed} failed) in ${seconds.toFixed(1)} s — ${(placed.length / seconds).toFixed(0)} orders/s; total ordered ${ordered} cents`);
  const billing = await waitForInvoices(o.billingUrl, Number(before ?? 0) + placed.length, 30_000);
  const analytics = await getJson(`${o.analyticsUrl}/analytics/summary`);
  console.log('\nbilling summary:  ', JSON.stringify(billing));
  console.log('analytics summary:', JSON.stringify(analytics && { orders: analytics.orders, revenueCents: analytics.revenueCents, duplicatesSuppressed: analytics.duplicatesSuppressed, byCity: analytics.byCity, topSkus: analytics.topSkus }));
  if (before === 0 && billing) {
    console.log(`\nbilling total ${billing.totalBilledCents} vs ordered ${ordered}: ${billing.totalBilledCents === ordered ? 'exact' : 'DIFFERENT'}`);
  }
}

main().catch((e: unknown) => {
  console.error(`demo:orders: ${(e as Error).message}`);
  process.exit(1);
});
