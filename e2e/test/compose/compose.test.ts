import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { postOrders } from '@orderlab/cli';
import { ComposeProject, baseImages, composeUnavailableReason, freePort, kcat, kcatAvailable, waitFor } from '../../src';

const run = promisify(execFile);
const unavailable = composeUnavailableReason();
if (unavailable) console.log(`docker compose test skipped: ${unavailable}`);

let project: ComposeProject | undefined;
const started = Date.now();

after(async () => {
  await project?.run('down', '-v', '--remove-orphans').catch(() => undefined);
  console.log(`compose suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

/** Every published port, free ones (a demo or another suite may hold the defaults). */
async function composePorts(): Promise<Record<string, number>> {
  const names = ['ORDER_PORT', 'BILLING_PORT', 'ANALYTICS_PORT', ...[1, 2, 3].flatMap((i) => [`KAFKA_PORT_${i}`, `BROKER_ADMIN_PORT_${i}`, `CONTROLLER_PORT_${i}`, `CONTROLLER_HTTP_PORT_${i}`])];
  const out: Record<string, number> = {};
  for (const n of names) {
    let p = await freePort();
    while (Object.values(out).includes(p)) p = await freePort();
    out[n] = p;
  }
  return out;
}

test('docker-compose.yml runs the whole system on 3 controllers + 3 brokers: orders placed over HTTP are billed and counted; kcat on the host reaches every broker', { skip: unavailable ?? false, timeout: 900_000 }, async () => {
  const ports = await composePorts();
  project = new ComposeProject(`orderlab-e2e-${process.pid}`, { ...(await baseImages()), REDIS_PASSWORD: 'e2e-secret', ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) });
  await project.run('build');
  await project.run('up', '-d');
  const url = (port: number) => `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url(ports.ORDER_PORT)}/health`, { signal: AbortSignal.timeout(3000) }).catch(() => null))?.status === 200, { timeoutMs: 120_000, intervalMs: 500, description: 'the order service in compose to be healthy' });
  console.log(`compose up and healthy after ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const { placed, failed } = await postOrders({ orderUrl: url(ports.ORDER_PORT), count: 100, customers: 10 });
  assert.equal(failed, 0);
  const ordered = placed.reduce((s, p) => s + p.totalCents, 0);
  const billing = await waitFor(async () => {
    const b = (await (await fetch(`${url(ports.BILLING_PORT)}/billing/summary`)).json()) as { distinctOrders: number; totalBilledCents: number; invoices: number };
    return b.distinctOrders >= 100 ? b : undefined;
  }, { timeoutMs: 120_000, intervalMs: 500, description: 'billing in compose to invoice 100 orders' });
  assert.deepEqual([billing.invoices, billing.totalBilledCents], [100, ordered]);
  const analytics = await waitFor(async () => {
    const a = (await (await fetch(`${url(ports.ANALYTICS_PORT)}/analytics/summary`)).json()) as { orders: number; revenueCents: number };
    return a.orders >= 100 ? a : undefined;
  }, { timeoutMs: 60_000, intervalMs: 500, description: 'analytics in compose to count 100 orders' });
  assert.equal(analytics.revenueCents, ordered);
  // Each broker's admin lists the groups it coordinates; together they hold both.
  const groups: string[] = [];
  for (const i of [1, 2, 3]) groups.push(...((await (await fetch(`${url(ports[`BROKER_ADMIN_PORT_${i}`] as number)}/groups`)).json()) as Array<{ groupId: string }>).map((g) => g.groupId));
  assert.deepEqual(groups.sort(), ['analytics-group', 'billing-group']);
  const quorum = (await (await fetch(`${url(ports.CONTROLLER_HTTP_PORT_1 as number)}/quorum`)).json()) as { voters: unknown[]; leaderId: number };
  assert.equal(quorum.voters.length, 3);
  assert.ok([1001, 1002, 1003].includes(quorum.leaderId), `a controller leads: ${JSON.stringify(quorum)}`);
  if (!kcatAvailable()) return;
  // A client on the host: metadata names three brokers at localhost:<published port>, and reading
  // the orders topic needs every partition leader, wherever it is — so each advertised address works from here.
  const kafkaPorts = [1, 2, 3].map((i) => ports[`KAFKA_PORT_${i}`] as number);
  const meta = await kcat(['-b', `localhost:${kafkaPorts[0]}`, '-L', '-J']);
  const brokers = (JSON.parse(meta.stdout) as { brokers: Array<{ id: number; name: string }> }).brokers.map((b) => `${b.id}@${b.name}`).sort();
  assert.deepEqual(brokers, kafkaPorts.map((p, i) => `${i + 1}@localhost:${p}`));
  const read = await kcat(['-b', kafkaPorts.map((p) => `localhost:${p}`).join(','), '-t', 'orders', '-C', '-o', 'beginning', '-e', '-q', '-f', '%s\n'], { timeoutMs: 30_000 });
  const ids = new Set(read.stdout.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { orderId: string }).orderId));
  assert.deepEqual([...ids].sort(), placed.map((p) => p.orderId).sort(), `kcat on the host reads all 100 orders: ${read.stderr.slice(-500)}`);
});

test('exposure: the image runs as an unprivileged user without dev dependencies; Redis wants its password and never evicts', { skip: unavailable ?? false, timeout: 120_000 }, async () => {
  const image = process.env.APP_IMAGE ?? 'kafka-order-lab:local';
  const { stdout } = await run('docker', ['run', '--rm', '--entrypoint', 'sh', image, '-c', 'id -u; for p in typescript supertest autocannon eslint @nestjs/testing fast-check; do test -e node_modules/$p && echo "dev dependency: $p"; done; true']);
  const [uid, ...dev] = stdout.trim().split('\n');
  assert.notEqual(uid, '0', 'not root');
  assert.deepEqual(dev, [], 'no dev dependencies in the runtime image');
  const p = project as ComposeProject;
  assert.match(await p.run('exec', '-T', 'redis', 'redis-cli', 'ping').catch((e: { stdout?: string }) => e.stdout ?? ''), /NOAUTH/, 'Redis refuses clients without the password');
  const config = await p.run('exec', '-T', 'redis', 'redis-cli', '--no-auth-warning', '-a', 'e2e-secret', 'config', 'get', 'maxmemory-policy');
  assert.match(config, /noeviction/);
  const ps = await p.run('ps');
  // A service that restarted (restart: on-failure) shows "health: starting": say why, with its last log lines.
  const why = async (service: string) => (await p.run('logs', '--no-color', '--tail', '40', service).catch((e: { stdout?: string }) => e.stdout ?? '')).slice(-4000);
  for (const service of ['order', 'billing', 'analytics']) if (!new RegExp(`${service}.*\\(healthy\\)`).test(ps)) console.log(`--- ${service} is not healthy:\n${await why(service)}`);
  for (const service of ['order', 'billing', 'analytics', 'broker-1', 'broker-2', 'broker-3', 'controller-1001', 'controller-1002', 'controller-1003', 'redis']) assert.match(ps, new RegExp(`${service}.*healthy`), `${service} has a healthcheck that passes:\n${ps}`);
});
