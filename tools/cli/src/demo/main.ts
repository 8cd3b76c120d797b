#!/usr/bin/env node
// `npm run demo`: the whole topology as local processes — 3 controllers + 3 brokers (the
// cluster launcher's layout), a redis-server, and the order, billing and analytics services —
// printing the URLs. Ctrl-C stops everything (twice: at once); if this launcher is killed,
// every child notices and stops itself. A controller or broker that dies is reported and the
// demo goes on (kill one and watch the services ride it out; SIGHUP starts it again); a
// service or Redis that dies stops the demo.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { planCluster } from '../cluster/cluster-plan';
import { LocalCluster } from '../cluster/local-cluster';
import { Launcher, stopOnSignals } from '../launcher';
import { DEMO_BROKER_FLAGS, demoServices, type DemoPorts } from './topology';
import { waitForPort } from './wait-for-port';

const root = resolve(__dirname, '..', '..', '..', '..', '..');
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
// DEMO_BASE_PORT: the cluster's layout (brokers 9092+3i, admin 9644+i; controllers 9192+j, HTTP 9744+j); 0 = free ports.
const basePort = port('DEMO_BASE_PORT', 9092);
const ports: DemoPorts = {
  redis: port('DEMO_REDIS_PORT', 6380),
  order: port('DEMO_ORDER_PORT', 3000),
  billing: port('DEMO_BILLING_PORT', 3001),
  analytics: port('DEMO_ANALYTICS_PORT', 3002),
};
const host = process.env.DEMO_HOST ?? '127.0.0.1';
const advertisedHost = process.env.DEMO_ADVERTISED_HOST ?? (host === '0.0.0.0' ? 'localhost' : host);
const dataDir = resolve(process.env.DEMO_DATA_DIR ?? join(root, 'data', 'demo'));
const say = (line: string) => process.stdout.write(`${line}\n`);
const isClusterNode = (name: string) => /^(controller|broker)-\d+$/.test(name);

const launcher = new Launcher({
  out: process.stdout,
  err: process.stderr,
  graceMs: 10_000,
  onUnexpectedExit: (name, exit) => {
    if (isClusterNode(name)) return; // reported by the cluster; the demo goes on
    process.stderr.write(`[${name}] exited (${exit.signal ?? exit.code}); stopping the demo\n`);
    void launcher.stopAll().then(() => process.exit(1));
  },
});

async function main(): Promise<void> {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error('redis-server is not on PATH. Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) and run npm run demo again.');
  }
  stopOnSignals(launcher, (code) => process.exit(code), say);
  mkdirSync(join(dataDir, 'redis'), { recursive: true });
  const plan = await planCluster({ root, controllers: 3, brokers: 3, dataDir, basePort, host, advertisedHost, brokerFlags: DEMO_BROKER_FLAGS, brokerStopTier: 1 });
  const cluster = new LocalCluster(plan, launcher, say, { readyTimeoutMs: 60_000, dataDir });
  const s = demoServices({ root, dataDir, host, bootstrap: plan.layout.bootstrap, ports });
  launcher.start(s.redis);
  process.on('SIGHUP', () => void cluster.restartDown().then((names) => say(`[demo] SIGHUP: ${names.length ? `started ${names.join(', ')} again` : 'every node is running'}`), (e: unknown) => say(`[demo] SIGHUP: ${(e as Error).message}`)));
  const [ready] = await Promise.all([cluster.start(), waitForPort('127.0.0.1', ports.redis, 'redis-server')]);
  launcher.start(s.order);
  await waitForPort(host, ports.order, 'the order service');
  for (const spec of s.consumers) launcher.start(spec);
  await Promise.all([waitForPort(host, ports.billing, 'billing'), waitForPort(host, ports.analytics, 'analytics')]);
  const shown = advertisedHost;
  say(`
demo running — Ctrl-C stops everything (listening on ${host}; DEMO_HOST=0.0.0.0 to expose it)
  order service      http://${shown}:${ports.order}        (POST /orders, GET /orders/{id}, OpenAPI at /docs, /health)
  billing service    http://${shown}:${ports.billing}/billing/summary   (exactly-once; GET /invoices/{orderId})
  analytics service  http://${shown}:${ports.analytics}/analytics/summary (at-least-once, idempotent writes)
  brokers            ${ready.bootstrap}
${ready.brokers.map((b) => `    broker ${b.nodeId}         ${b.kafka}  admin ${b.url}/groups  (members, lag)  pid ${b.pid}`).join('\n')}
  controllers        (the quorum; the active one decides)
${ready.controllers.map((c) => `    controller ${c.nodeId}  ${c.kafka}  ${c.url}/quorum  ${c.url}/metadata  pid ${c.pid}`).join('\n')}
  redis              127.0.0.1:${ports.redis}
  every pid and URL: ${join(dataDir, 'cluster.json')}; kill -HUP ${process.pid} starts a node that died again
  try:  npm run demo:orders -- --count 1000 --customers 50
        npm run groups -- describe billing-group --bootstrap-server ${ready.bootstrap}
        npm run quorum -- describe --bootstrap-controller ${ready.controllers.map((c) => c.kafka).join(',')}
        kcat -b ${ready.bootstrap} -t orders -C -o -5 -e -f '%p %o %k %s\\n'
`);
}

main().catch((e: unknown) => {
  process.stderr.write(`demo: ${(e as Error).message}\n`);
  void launcher.stopAll().then(() => process.exit(1));
});
