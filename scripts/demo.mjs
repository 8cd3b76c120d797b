#!/usr/bin/env node
// `npm run demo`: the whole topology as local processes — a broker, a redis-server, and the
// order, billing and analytics services — printing the URLs; Ctrl-C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dataDir = process.env.DEMO_DATA_DIR ?? join(root, 'data', 'demo');
const port = (name, fallback) => Number(process.env[name] ?? fallback);
const P = {
  kafka: port('DEMO_KAFKA_PORT', 9092),
  brokerAdmin: port('DEMO_BROKER_ADMIN_PORT', 9644),
  redis: port('DEMO_REDIS_PORT', 6380),
  order: port('DEMO_ORDER_PORT', 3000),
  billing: port('DEMO_BILLING_PORT', 3001),
  analytics: port('DEMO_ANALYTICS_PORT', 3002),
};

if (spawnSync('redis-server', ['--version']).status !== 0) {
  console.error('redis-server is not on PATH. Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) and run npm run demo again.');
  process.exit(1);
}

const children = [];
let stopping = false;

function start(name, command, args, env = {}) {
  // detached: Ctrl-C reaches only this script, which then stops the services in order.
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env }, detached: true });
  const prefix = `[${name}] `;
  const relay = (stream, out) => stream.on('data', (d) => out.write(d.toString().split('\n').filter(Boolean).map((l) => prefix + l).join('\n') + '\n'));
  relay(child.stdout, process.stdout);
  relay(child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${prefix}exited (${signal ?? code}); stopping the demo`);
    stop(1);
  });
  children.push(child);
}

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping the demo…');
  // Services first (they flush and leave their groups), the broker and Redis last.
  const alive = [...children].reverse().filter((c) => c.exitCode === null);
  const next = () => {
    const c = alive.shift();
    if (!c) process.exit(code);
    c.once('exit', next);
    c.kill('SIGTERM');
  };
  next();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

function waitForPort(p, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const s = connect(p, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve();
      });
      s.once('error', () => {
        if (Date.now() > deadline) reject(new Error(`${what} did not come up on port ${p}`));
        else setTimeout(attempt, 200);
      });
    };
    attempt();
  });
}

const node = (rel) => join(root, rel);
// Shorter than the production defaults (session 30 s, heartbeat 3 s) so failover is watchable.
const consumerEnv = { KAFKA_BROKERS: `localhost:${P.kafka}`, REDIS_URL: `redis://127.0.0.1:${P.redis}`, SESSION_TIMEOUT_MS: '10000', HEARTBEAT_INTERVAL_MS: '1000', MAX_WAIT_MS: '500' };

async function main() {
  mkdirSync(join(dataDir, 'redis'), { recursive: true });
  start('redis', 'redis-server', ['--port', String(P.redis), '--bind', '127.0.0.1', '--dir', join(dataDir, 'redis'), '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '']);
  start('broker-1', process.execPath, [node('services/broker/dist/src/main.js'), '--node-id', '1', '--port', String(P.kafka), '--admin-port', String(P.brokerAdmin), '--data-dir', join(dataDir, 'broker-1'), '--auto-create-topics', 'true', '--num-partitions', '3']);
  await Promise.all([waitForPort(P.redis, 'redis-server'), waitForPort(P.kafka, 'the broker')]);
  start('order', process.execPath, [node('services/order/dist/src/main.js')], { ...consumerEnv, PORT: String(P.order) });
  await waitForPort(P.order, 'the order service');
  start('billing', process.execPath, [node('services/billing/dist/src/main.js')], { ...consumerEnv, PORT: String(P.billing) });
  start('analytics', process.execPath, [node('services/analytics/dist/src/main.js')], { ...consumerEnv, PORT: String(P.analytics) });
  await Promise.all([waitForPort(P.billing, 'billing'), waitForPort(P.analytics, 'analytics')]);
  console.log(`
demo running — Ctrl-C stops everything
  order service      http://localhost:${P.order}        (POST /orders, GET /orders/{id}, OpenAPI at /docs, /health)
  billing service    http://localhost:${P.billing}/billing/summary   (exactly-once; GET /invoices/{orderId})
  analytics service  http://localhost:${P.analytics}/analytics/summary (at-least-once, idempotent writes)
  broker             localhost:${P.kafka}  admin http://127.0.0.1:${P.brokerAdmin}/groups  (members, lag)
  redis              127.0.0.1:${P.redis}
  try:  npm run demo:orders -- --count 1000 --customers 50
        npm run groups -- describe billing-group
        kcat -b localhost:${P.kafka} -t orders -C -o -5 -e -f '%p %o %k %s\\n'
`);
}

main().catch((e) => {
  console.error(e.message);
  stop(1);
});
