import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLUSTER_MAIN, kafkaClient, kcat, kcatAvailable, portIsFree, waitFor } from '../../src';

interface NodeJson {
  readonly nodeId: number;
  readonly kafka: string;
  readonly url: string;
  readonly pid: number;
}
interface ReadyJson {
  readonly ready: true;
  readonly clusterId: string;
  readonly launcherPid: number;
  readonly bootstrap: string;
  readonly controllers: NodeJson[];
  readonly brokers: NodeJson[];
}

/** `npm run cluster -- --base-port 0` as a reader would run it, its stdout and stderr kept apart. */
class Launched {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(dataDir: string) {
    this.child = spawn(process.execPath, [CLUSTER_MAIN, '--controllers', '3', '--brokers', '3', '--data-dir', dataDir, '--base-port', '0', '--advertised-host', '127.0.0.1', '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((r) => this.child.once('exit', (code) => r(code)));
  }

  async ready(): Promise<ReadyJson> {
    const line = await waitFor(() => {
      if (this.child.exitCode !== null) throw new Error(`the launcher exited: ${this.stderr.slice(-2000)}`);
      return this.stdout.includes('\n') ? this.stdout.slice(0, this.stdout.indexOf('\n')) : undefined;
    }, { timeoutMs: 60_000, intervalMs: 100, description: 'the ready line' });
    return JSON.parse(line) as ReadyJson;
  }
}

const portsOf = (r: ReadyJson): number[] => [...r.controllers, ...r.brokers].flatMap((n) => [Number(n.kafka.slice(n.kafka.lastIndexOf(':') + 1)), Number(new URL(n.url).port)]);
const allFree = (ports: readonly number[], timeoutMs: number) => waitFor(async () => (await Promise.all(ports.map(portIsFree))).every(Boolean), { timeoutMs, intervalMs: 100, description: `ports ${ports.join(', ')} to be free` });

describe('npm run cluster: 3 controllers + 3 brokers as local processes', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cluster-launcher-'));
  const launched: Launched[] = [];
  let first: Launched;
  let ready: ReadyJson;
  const started = Date.now();

  before(async () => {
    first = new Launched(dataDir);
    launched.push(first);
    ready = await first.ready();
    console.log(`  cluster ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  after(() => {
    for (const l of launched) if (l.child.exitCode === null && l.child.signalCode === null) l.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    console.log(`cluster launcher suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('one ready line on stdout: ids 1001-1003 and 1-3, a bootstrap of the three brokers; the cluster id is kept in the data dir; every broker is registered', async () => {
    assert.equal(first.stdout.trim().split('\n').length, 1, 'exactly one line on stdout');
    assert.equal(ready.launcherPid, first.child.pid);
    assert.deepEqual(ready.controllers.map((c) => c.nodeId), [1001, 1002, 1003]);
    assert.deepEqual(ready.brokers.map((b) => b.nodeId), [1, 2, 3]);
    assert.equal(ready.bootstrap, ready.brokers.map((b) => b.kafka).join(','));
    assert.equal(readFileSync(join(dataDir, 'cluster-id'), 'utf8').trim(), ready.clusterId);
    const views = await Promise.all(ready.controllers.map(async (c) => (await (await fetch(`${c.url}/quorum`)).json()) as { leaderId: number; role: string }));
    assert.equal(new Set(views.map((v) => v.leaderId)).size, 1, 'the controllers agree on one leader');
    assert.equal(views.filter((v) => v.role === 'leader').length, 1);
    const admin = kafkaClient(ready.brokers[0]!.kafka, { brokers: ready.bootstrap.split(',') }).admin();
    await admin.connect();
    try {
      const cluster = await admin.describeCluster();
      assert.deepEqual(cluster.brokers.map((b) => b.nodeId).sort(), [1, 2, 3]);
      assert.ok(await admin.createTopics({ topics: [{ topic: 'launched', numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true }));
    } finally {
      await admin.disconnect();
    }
    if (kcatAvailable()) {
      const meta = JSON.parse((await kcat(['-b', ready.bootstrap, '-L', '-J'])).stdout) as { brokers: Array<{ id: number }> };
      assert.deepEqual(meta.brokers.map((b) => b.id).sort(), [1, 2, 3]);
    }
  });

  test('a broker SIGKILLed is reported and the rest keep running; SIGHUP starts it again on the same ports', async () => {
    const broker2 = ready.brokers[1]!;
    process.kill(broker2.pid, 'SIGKILL');
    await waitFor(() => first.stderr.includes('[cluster] broker-2 exited (SIGKILL); the rest keep running'), { timeoutMs: 5000, description: 'the death to be reported' });
    assert.equal(first.child.exitCode, null, 'the launcher keeps running');
    const t0 = Date.now();
    first.child.kill('SIGHUP');
    await waitFor(() => first.stderr.includes('[cluster] SIGHUP: started broker-2 again'), { timeoutMs: 30_000, intervalMs: 100, description: 'broker 2 back' });
    console.log(`  SIGHUP → broker 2 registered and unfenced again in ${Date.now() - t0} ms`);
    const again = JSON.parse(readFileSync(join(dataDir, 'cluster.json'), 'utf8')) as ReadyJson;
    assert.notEqual(again.brokers[1]!.pid, broker2.pid, 'a new process');
    assert.deepEqual([again.brokers[1]!.kafka, again.brokers[1]!.url], [broker2.kafka, broker2.url], 'on the same ports');
  });

  test('SIGTERM stops everything (exit 0, every port free); a second start on the same data dir keeps the cluster id and its topics', async () => {
    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0);
    await allFree(portsOf(JSON.parse(readFileSync(join(dataDir, 'cluster.json'), 'utf8')) as ReadyJson), 5000);
    const second = new Launched(dataDir);
    launched.push(second);
    const r = await second.ready();
    assert.equal(r.clusterId, ready.clusterId);
    const admin = kafkaClient(r.brokers[0]!.kafka, { brokers: r.bootstrap.split(',') }).admin();
    await admin.connect();
    try {
      assert.ok((await admin.listTopics()).includes('launched'));
    } finally {
      await admin.disconnect();
    }
    // The launcher SIGKILLed: it cannot stop anyone, but every child notices its lifeline close.
    const t0 = Date.now();
    second.child.kill('SIGKILL');
    await allFree(portsOf(r), 15_000);
    console.log(`  after SIGKILL of the launcher, all ${portsOf(r).length} ports free in ${Date.now() - t0} ms`);
  });
});
