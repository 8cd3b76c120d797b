import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_MAIN, freePort, portIsFree, redisServerAvailable, waitFor } from '../../src';

const available = redisServerAvailable();

interface NodeJson {
  readonly nodeId: number;
  readonly kafka: string;
  readonly url: string;
}

interface RunningDemo {
  readonly launcher: ChildProcess;
  readonly dataDir: string;
  readonly ports: number[];
  output(): string;
  exited: Promise<number | null>;
}

const dirs: string[] = [];
const launchers: ChildProcess[] = [];

/**
 * `npm run demo`'s launcher on free ports (DEMO_BASE_PORT=0: the 3 controllers and 3 brokers
 * pick theirs, listed in DATA_DIR/cluster.json), run until it prints that the demo is up.
 * `ports` are the services' and Redis's (the first four) and every node's Kafka and HTTP port.
 */
async function startDemo(): Promise<RunningDemo> {
  const names = ['DEMO_REDIS_PORT', 'DEMO_ORDER_PORT', 'DEMO_BILLING_PORT', 'DEMO_ANALYTICS_PORT'];
  const ports = await Promise.all(names.map(() => freePort()));
  const dataDir = mkdtempSync(join(tmpdir(), 'demo-launcher-'));
  dirs.push(dataDir);
  const launcher = spawn(process.execPath, [DEMO_MAIN], { env: { ...process.env, ...Object.fromEntries(names.map((n, i) => [n, String(ports[i])])), DEMO_BASE_PORT: '0', DEMO_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  launchers.push(launcher);
  let out = '';
  launcher.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  launcher.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => launcher.once('exit', (code) => r(code)));
  await waitFor(() => {
    if (launcher.exitCode !== null) throw new Error(`the demo exited: ${out}`);
    return out.includes('demo running');
  }, { timeoutMs: 90_000, intervalMs: 200, description: `the demo to start (output: ${out.slice(-1000)})` });
  const cluster = JSON.parse(readFileSync(join(dataDir, 'cluster.json'), 'utf8')) as { controllers: NodeJson[]; brokers: NodeJson[] };
  const nodes = [...cluster.controllers, ...cluster.brokers];
  assert.equal(nodes.length, 6, 'the demo runs 3 controllers and 3 brokers');
  const nodePorts = nodes.flatMap((n) => [Number(n.kafka.slice(n.kafka.lastIndexOf(':') + 1)), Number(new URL(n.url).port)]);
  return { launcher, dataDir, ports: [...ports, ...nodePorts], output: () => out, exited };
}

/** Every port of the demo can be bound again: nothing was left behind. Returns the seconds it took. */
async function allPortsFree(ports: readonly number[], timeoutMs: number): Promise<number> {
  const started = Date.now();
  await waitFor(async () => (await Promise.all(ports.map(portIsFree))).every(Boolean), { timeoutMs, intervalMs: 100, description: `ports ${ports.join(', ')} to be free` });
  return (Date.now() - started) / 1000;
}

describe('the demo launcher leaves nothing behind', { skip: !available && 'redis-server is not installed' }, () => {
  const started = Date.now();

  after(() => {
    for (const l of launchers) if (l.exitCode === null && l.signalCode === null) l.kill('SIGKILL');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    console.log(`demo-launcher suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('the launcher SIGKILLed: every child notices its lifeline closed and every port is free within seconds', async () => {
    const demo = await startDemo();
    const pids = await Promise.all([demo.ports[0], demo.ports[1]].map((p) => pidListening(p as number))); // broker, controller
    demo.launcher.kill('SIGKILL');
    const seconds = await allPortsFree(demo.ports, 15_000);
    // Free ports are not enough: a process that closed its listeners but hangs in its exit stays behind.
    await waitFor(() => pids.every((pid) => !isRunning(pid)), { timeoutMs: 10_000, description: `broker and controller (pids ${pids.join(', ')}) to exit` });
    console.log(`after SIGKILL of the launcher, all ${demo.ports.length} ports free in ${seconds.toFixed(1)} s`);
  });

  test('Ctrl-C twice: the second kills what is left at once; the launcher exits 130 and every port is free', async () => {
    const demo = await startDemo();
    demo.launcher.kill('SIGINT');
    await waitFor(() => demo.output().includes('SIGINT: stopping'), { timeoutMs: 5000, description: 'the first Ctrl-C to begin the shutdown' });
    demo.launcher.kill('SIGINT');
    assert.equal(await demo.exited, 130);
    const seconds = await allPortsFree(demo.ports, 10_000);
    console.log(`after Ctrl-C twice, all ${demo.ports.length} ports free in ${seconds.toFixed(1)} s`);
  });

  test('a broker SIGKILLed is a fault, not the end: the demo goes on and SIGHUP starts the broker again', async () => {
    const demo = await startDemo();
    const cluster = () => JSON.parse(readFileSync(join(demo.dataDir, 'cluster.json'), 'utf8')) as { brokers: Array<NodeJson & { pid: number }> };
    const before = cluster().brokers[1]!;
    process.kill(before.pid, 'SIGKILL');
    await waitFor(() => demo.output().includes('[cluster] broker-2 exited (SIGKILL); the rest keep running'), { timeoutMs: 5000, description: 'the death to be reported' });
    const health = await fetch(`http://127.0.0.1:${demo.ports[1]}/health`, { signal: AbortSignal.timeout(5000) });
    assert.ok(health.status === 200 || health.status === 503, 'the order service still answers');
    assert.equal(demo.launcher.exitCode, null, 'the demo keeps running');
    demo.launcher.kill('SIGHUP');
    await waitFor(() => demo.output().includes('[demo] SIGHUP: started broker-2 again'), { timeoutMs: 30_000, intervalMs: 100, description: 'broker 2 started again' });
    const after = cluster().brokers[1]!;
    assert.notEqual(after.pid, before.pid);
    assert.equal(after.kafka, before.kafka);
  });

  test('a service killed by a signal: the launcher stops the rest within its grace period and exits 1', async () => {
    const demo = await startDemo();
    const analyticsPid = await pidListening(demo.ports[3] as number);
    process.kill(analyticsPid, 'SIGKILL');
    assert.equal(await Promise.race([demo.exited, new Promise<'stalled'>((r) => setTimeout(() => r('stalled'), 30_000))]), 1);
    await allPortsFree(demo.ports, 5000);
    assert.match(demo.output(), /\[analytics\] exited \(SIGKILL\); stopping the demo/);
  });
});

/** The pid of the process listening on a port, from /proc (Linux). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function pidListening(port: number): Promise<number> {
  const { readFileSync, readdirSync, readlinkSync } = await import('node:fs');
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const inode = readFileSync('/proc/net/tcp', 'utf8').split('\n').map((l) => l.trim().split(/\s+/)).find((f) => f[1]?.endsWith(`:${hex}`) && f[3] === '0A')?.[9];
  if (!inode) throw new Error(`nothing listens on ${port}`);
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readdirSync(`/proc/${pid}/fd`).some((fd) => readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${inode}]`)) return Number(pid);
    } catch {
      // a process that went away, or one we may not inspect
    }
  }
  throw new Error(`no process owns the socket on ${port}`);
}
