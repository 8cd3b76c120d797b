import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BROKER_NODE_FLAGS } from '@orderlab/shared';
import { clusterIdFor, planCluster } from '../../src/cluster/cluster-plan';

const dir = () => mkdtempSync(join(tmpdir(), 'cluster-plan-'));

test('the cluster id is generated once, kept in DATA_DIR/cluster-id, and a different --cluster-id is refused', () => {
  const d = dir();
  try {
    const id = clusterIdFor(d, undefined);
    assert.match(id, /^[A-Za-z0-9_-]{22}$/, 'a Kafka cluster id: 16 bytes, URL-safe base64');
    assert.equal(readFileSync(join(d, 'cluster-id'), 'utf8').trim(), id);
    assert.equal(clusterIdFor(d, undefined), id);
    assert.equal(clusterIdFor(d, id), id);
    assert.throws(() => clusterIdFor(d, 'another-cluster-id-xx'), /says cluster/);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('the plan: controllers then brokers, one data dir each, brokers stop before controllers, every node gets the same voters', async () => {
  const d = dir();
  try {
    const plan = await planCluster({ root: '/repo', controllers: 3, brokers: 3, dataDir: d, basePort: 9092, host: '127.0.0.1', advertisedHost: 'localhost', brokerFlags: ['--auto-create-topics', 'true'] });
    assert.deepEqual(plan.nodes.map((n) => n.node.name), ['controller-1001', 'controller-1002', 'controller-1003', 'broker-1', 'broker-2', 'broker-3']);
    const b2 = plan.nodes[4]!.spec();
    assert.deepEqual(b2.args.slice(0, BROKER_NODE_FLAGS.length + 1), [...BROKER_NODE_FLAGS, '/repo/services/broker/dist/src/main.js'], 'node flags for the broker come before its main');
    assert.equal(plan.nodes[0]!.spec().args[0], '/repo/services/controller/dist/src/main.js');
    assert.equal(b2.args[b2.args.indexOf('--data-dir') + 1], join(d, 'broker-2'));
    assert.equal(b2.args[b2.args.indexOf('--controller-quorum-voters') + 1], '1001@127.0.0.1:9192,1002@127.0.0.1:9193,1003@127.0.0.1:9194');
    assert.deepEqual(b2.args.slice(-2), ['--auto-create-topics', 'true']);
    assert.deepEqual(plan.nodes.map((n) => n.spec().stopTier), [1, 1, 1, 0, 0, 0]);
    assert.equal(plan.nodes[0]!.spec(40_000).args.includes('40000'), true, 'a restart can keep the HTTP port it got');
    assert.equal(plan.layout.bootstrap, 'localhost:9092,localhost:9095,localhost:9098');
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('--base-port 0: every Kafka and HTTP port is a distinct free one', async () => {
  const d = dir();
  try {
    const plan = await planCluster({ root: '/repo', controllers: 3, brokers: 3, dataDir: d, basePort: 0, host: '127.0.0.1', advertisedHost: '127.0.0.1' });
    const ports = plan.nodes.flatMap((n) => [n.node.port, n.node.httpPort]);
    assert.equal(new Set(ports).size, 12);
    assert.ok(ports.every((p) => p > 0));
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('docker-compose.yml starts every broker with the same node flags as npm run cluster', () => {
  const compose = readFileSync(join(__dirname, '..', '..', '..', '..', '..', 'docker-compose.yml'), 'utf8');
  const commands = compose.split('\n').filter((l) => /^\s*command:.*services\/broker\/dist\/src\/main\.js/.test(l));
  assert.equal(commands.length, 3, 'one command per broker');
  const expected = ['node', ...BROKER_NODE_FLAGS, 'services/broker/dist/src/main.js'].map((a) => JSON.stringify(a)).join(', ');
  for (const c of commands) assert.ok(c.includes(expected), `${c.trim().slice(0, 90)}… should start with ${expected}`);
});
