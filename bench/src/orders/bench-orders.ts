#!/usr/bin/env node
// npm run bench:orders — (a) the most orders/s POST /orders accepts under a closed-loop load
// generator (autocannon), with p50/p99 HTTP latency, for each publisher in the same run (the
// batched kafkajs sender, the default, and @nestjs/microservices' ClientKafka.emit per
// order; ORDER_PUBLISHER), twice each in ABBA order, and their ratio; (b) at a fixed open-loop 2,000 orders/s
// for 30 s, p50/p99 time from POST to invoice in Redis. Everything runs on this machine.
import autocannon from 'autocannon';
import Redis from 'ioredis';
import { BrokerProcess, FAST_CONSUMER_ENV, RedisServer, ServiceProcess, waitFor } from '@orderlab/e2e';

const CUSTOMERS = 1000;

function body(i: number): string {
  return JSON.stringify({ customerId: `bench-${i % CUSTOMERS}`, city: ['Lahore', 'Karachi', 'Quetta'][i % 3], items: [{ sku: `sku-${i % 17}`, qty: 1 + (i % 3), unitPriceCents: 250 + (i % 7) * 100 }], currency: 'PKR' });
}

type Publisher = 'batched' | 'client-kafka';

async function system(withBilling: boolean, publisher: Publisher = 'batched') {
  const redis = await new RedisServer().start();
  const broker = await new BrokerProcess({ args: ['--log-level', 'warn', '--group-initial-rebalance-delay-ms', '0'] }).start();
  const order = await new ServiceProcess('order', { KAFKA_BROKERS: broker.bootstrap, REDIS_URL: redis.url, ORDER_PUBLISHER: publisher }).start();
  const billing = withBilling ? await new ServiceProcess('billing', { KAFKA_BROKERS: broker.bootstrap, REDIS_URL: redis.url, ...FAST_CONSUMER_ENV }).start() : null;
  return {
    redis,
    order,
    billing,
    async stop() {
      await Promise.all([order.stop(), billing?.stop()]);
      await broker.dispose();
      await redis.stop();
    },
  };
}

interface ClosedLoopResult {
  readonly ordersPerSecond: number;
  readonly p50: number;
  readonly p99: number;
}

/** One publisher on a fresh broker, Redis and order service: the same load, so two runs compare. */
async function closedLoop(publisher: Publisher, seconds: number): Promise<ClosedLoopResult> {
  const s = await system(false, publisher);
  try {
    let i = 0;
    const result = await autocannon({
      url: `${s.order.url}/orders`,
      connections: 64,
      duration: seconds,
      requests: [{ method: 'POST', headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: body(i++) }) }],
    });
    const ok = result['2xx'];
    const r = { ordersPerSecond: ok / result.duration, p50: result.latency.p50, p99: result.latency.p99 };
    console.log(`(a) ${publisher.padEnd(12)} closed loop, 64 connections, ${seconds} s: ${r.ordersPerSecond.toFixed(0)} orders/s accepted (${ok} × 201, ${result.non2xx} other); HTTP latency p50 ${r.p50} ms, p99 ${r.p99} ms`);
    return r;
  } finally {
    await s.stop();
  }
}

/**
 * Both publishers in the same run, in ABBA order (batched, emit, emit, batched): on a shared
 * machine the load drifts during a run, and the mirrored order cancels a steady drift.
 */
async function comparePublishers(): Promise<void> {
  const seconds = Number(process.env.BENCH_A_SECONDS ?? 10);
  const runs: Record<Publisher, ClosedLoopResult[]> = { batched: [], 'client-kafka': [] };
  for (const publisher of ['batched', 'client-kafka', 'client-kafka', 'batched'] as const) runs[publisher].push(await closedLoop(publisher, seconds));
  const mean = (rs: ClosedLoopResult[], f: (r: ClosedLoopResult) => number) => rs.reduce((t, r) => t + f(r), 0) / rs.length;
  const [batched, emit] = [runs.batched, runs['client-kafka']];
  const rate = (rs: ClosedLoopResult[]) => mean(rs, (r) => r.ordersPerSecond);
  console.log(`    mean of two runs each: batched ${rate(batched).toFixed(0)} orders/s (p99 ${mean(batched, (r) => r.p99).toFixed(0)} ms), ClientKafka.emit ${rate(emit).toFixed(0)} orders/s (p99 ${mean(emit, (r) => r.p99).toFixed(0)} ms)`);
  console.log(`    batched / ClientKafka.emit: ${(rate(batched) / rate(emit)).toFixed(2)}× the orders/s`);
  console.log(`    target ≥ 3,000 orders/s (default publisher) → ${rate(batched) >= 3000 ? '✔' : '✘'}`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

interface Sent {
  readonly orderId: string;
  readonly sentAt: number;
  readonly httpMs: number;
}

/** POSTs at a fixed rate whatever the answers do (open loop), so slow answers cannot slow the load. */
async function fire(orderUrl: string, ratePerSecond: number, seconds: number, offset: number): Promise<{ sent: Sent[]; failed: number; achieved: number }> {
  const sent: Sent[] = [];
  let failed = 0;
  const total = ratePerSecond * seconds;
  const tickMs = 5;
  const perTick = (ratePerSecond * tickMs) / 1000;
  const started = Date.now();
  let issued = 0;
  const inflight: Array<Promise<void>> = [];
  while (issued < total) {
    const due = Math.min(total, Math.floor(((Date.now() - started) / tickMs + 1) * perTick));
    for (; issued < due; issued++) {
      const sentAt = Date.now();
      inflight.push(
        fetch(`${orderUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(offset + issued) })
          .then(async (res) => {
            if (res.status !== 201) return void failed++;
            sent.push({ orderId: ((await res.json()) as { orderId: string }).orderId, sentAt, httpMs: Date.now() - sentAt });
          })
          .catch(() => void failed++),
      );
    }
    await new Promise((r) => setTimeout(r, tickMs));
  }
  await Promise.all(inflight);
  return { sent, failed, achieved: total / ((Date.now() - started) / 1000) };
}

async function openLoop(ratePerSecond: number, seconds: number): Promise<void> {
  const s = await system(true);
  try {
    // Warm-up at the same rate (JIT, connection pools, the consumer's first fetches); not measured.
    await fire(s.order.url, ratePerSecond, 5, 10_000_000);
    const { sent, failed, achieved } = await fire(s.order.url, ratePerSecond, seconds, 0);
    const billing = s.billing as ServiceProcess;
    await waitFor(async () => (await billing.getJson<{ distinctOrders: number }>('/billing/summary')).distinctOrders >= sent.length, { timeoutMs: 120_000, intervalMs: 250, description: 'billing to invoice every order' });
    const redis = new Redis(s.redis.url);
    const invoices = await redis.mget(sent.map((x) => `billing:invoice:${x.orderId}`));
    redis.disconnect();
    const toInvoice = sent.map((x, i) => (JSON.parse(invoices[i] as string) as { billedAtMs: number }).billedAtMs - x.sentAt).sort((a, b) => a - b);
    const http = sent.map((x) => x.httpMs).sort((a, b) => a - b);
    console.log(`(b) open loop at ${ratePerSecond} orders/s for ${seconds} s after a 5 s warm-up (achieved ${achieved.toFixed(0)}/s; ${sent.length} accepted, ${failed} failed)`);
    console.log(`    POST → invoice in Redis: p50 ${percentile(toInvoice, 50)} ms, p99 ${percentile(toInvoice, 99)} ms, max ${toInvoice[toInvoice.length - 1]} ms; HTTP p50 ${percentile(http, 50)} ms, p99 ${percentile(http, 99)} ms`);
    console.log(`    target p99 < 100 ms → ${percentile(toInvoice, 99) < 100 ? '✔' : '✘'}`);
    if (process.env.BENCH_TIMELINE) {
      const t0 = sent.reduce((m, x) => Math.min(m, x.sentAt), Infinity);
      const buckets = new Map<number, number[]>();
      for (const x of sent) buckets.set(Math.floor((x.sentAt - t0) / 1000), [...(buckets.get(Math.floor((x.sentAt - t0) / 1000)) ?? []), x.httpMs]);
      console.log([...buckets].sort((a, b) => a[0] - b[0]).map(([sec, v]) => `${sec}s:${Math.max(...v)}`).join(' '));
    }
  } finally {
    await s.stop();
  }
}

async function main(): Promise<void> {
  const only = process.argv[2];
  if (only !== 'b') await comparePublishers();
  if (only !== 'a') await openLoop(Number(process.env.BENCH_RATE ?? 2000), Number(process.env.BENCH_SECONDS ?? 30));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
