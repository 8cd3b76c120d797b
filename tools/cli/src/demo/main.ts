#!/usr/bin/env node
// `npm run demo`: the whole topology as local processes — a controller, a broker, a redis-server, and the
// order, billing and analytics services — printing the URLs. Ctrl-C stops everything (twice:
// at once); if this launcher is killed, every child notices and stops itself.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Launcher, stopOnSignals } from '../launcher';
import { demoTopology, type DemoPorts } from './topology';
import { waitForPort } from './wait-for-port';

const root = resolve(__dirname, '..', '..', '..', '..', '..');
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ports: DemoPorts = {
  kafka: port('DEMO_KAFKA_PORT', 9092),
  controller: port('DEMO_CONTROLLER_PORT', 9093),
  controllerHttp: port('DEMO_CONTROLLER_HTTP_PORT', 9701),
  brokerAdmin: port('DEMO_BROKER_ADMIN_PORT', 9644),
  redis: port('DEMO_REDIS_PORT', 6380),
  order: port('DEMO_ORDER_PORT', 3000),
  billing: port('DEMO_BILLING_PORT', 3001),
  analytics: port('DEMO_ANALYTICS_PORT', 3002),
};
const host = process.env.DEMO_HOST ?? '127.0.0.1';
const advertisedHost = process.env.DEMO_ADVERTISED_HOST ?? (host === '0.0.0.0' ? 'localhost' : host);
const dataDir = process.env.DEMO_DATA_DIR ?? join(root, 'data', 'demo');
const say = (line: string) => process.stdout.write(`${line}\n`);

const launcher = new Launcher({
  out: process.stdout,
  err: process.stderr,
  graceMs: 10_000,
  onUnexpectedExit: (name, exit) => {
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
  const t = demoTopology({ root, dataDir, host, advertisedHost, ports, clusterId: demoClusterId(dataDir) });
  for (const spec of t.infrastructure) launcher.start(spec);
  await Promise.all([waitForPort('127.0.0.1', ports.redis, 'redis-server'), waitForPort(host, ports.kafka, 'the broker')]);
  launcher.start(t.order);
  await waitForPort(host, ports.order, 'the order service');
  for (const spec of t.consumers) launcher.start(spec);
  await Promise.all([waitForPort(host, ports.billing, 'billing'), waitForPort(host, ports.analytics, 'analytics')]);
  const shown = advertisedHost;
  say(`
demo running — Ctrl-C stops everything (listening on ${host}; DEMO_HOST=0.0.0.0 to expose it)
  order service      http://${shown}:${ports.order}        (POST /orders, GET /orders/{id}, OpenAPI at /docs, /health)
  billing service    http://${shown}:${ports.billing}/billing/summary   (exactly-once; GET /invoices/{orderId})
  analytics service  http://${shown}:${ports.analytics}/analytics/summary (at-least-once, idempotent writes)
  broker             ${shown}:${ports.kafka}  admin http://${shown}:${ports.brokerAdmin}/groups  (members, lag; /health: the controller it follows)
  controller         127.0.0.1:${ports.controller}  http://${shown}:${ports.controllerHttp}/quorum and /metadata
  redis              127.0.0.1:${ports.redis}
  try:  npm run demo:orders -- --count 1000 --customers 50
        npm run groups -- describe billing-group
        kcat -b ${shown}:${ports.kafka} -t orders -C -o -5 -e -f '%p %o %k %s\\n'
`);
}

/** The cluster id of this data dir: made on the first run (as `kafka-storage random-uuid`), kept afterwards. */
function demoClusterId(dir: string): string {
  const file = join(dir, 'cluster-id');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const id = randomBytes(16).toString('base64url');
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, `${id}\n`);
  return id;
}

main().catch((e: unknown) => {
  process.stderr.write(`demo: ${(e as Error).message}\n`);
  void launcher.stopAll().then(() => process.exit(1));
});
