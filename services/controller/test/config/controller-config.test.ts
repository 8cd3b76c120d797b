import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildControllerConfig, DEFAULT_CONTROLLER_CONFIG } from '../../src/config/controller-config';
import { formatVoters, parseVoters } from '../../src/config/voters';

const base = { nodeId: 2, voters: '1@localhost:9093,2@localhost:9094,3@localhost:9095', dataDir: '/tmp/c2' };

test('voters in Kafka\'s controller.quorum.voters format, sorted by id', () => {
  const voters = parseVoters('3@h3:9095, 1@h1:9093,2@[::1]:9094');
  assert.deepEqual(voters, [
    { nodeId: 1, host: 'h1', port: 9093 },
    { nodeId: 2, host: '::1', port: 9094 },
    { nodeId: 3, host: 'h3', port: 9095 },
  ]);
  assert.equal(formatVoters(voters.slice(0, 1)), '1@h1:9093');
  for (const bad of ['', '1@h', 'x@h:1', '1@h:0', '1@h:1,1@g:2', '1@h:1,2@h:1']) assert.throws(() => parseVoters(bad), /voters/, bad);
});

test('the demo defaults, every given value checked once at boot', () => {
  const c = buildControllerConfig(base);
  assert.deepEqual([c.fetchTimeoutMs, c.electionTimeoutMs, c.brokerSessionTimeoutMs, c.initialIsr, c.advertisedHost], [600, 300, 6000, 'replicas', '127.0.0.1']);
  assert.equal(buildControllerConfig({ ...base, host: '0.0.0.0' }).advertisedHost, 'localhost');
  assert.equal(DEFAULT_CONTROLLER_CONFIG.port, 9093);
  assert.throws(() => buildControllerConfig({ ...base, nodeId: 4 }), /voters must include this node \(4\)/);
  assert.throws(() => buildControllerConfig({ ...base, port: 70000 }), /port must be an integer/);
  assert.throws(() => buildControllerConfig({ ...base, clusterId: 'not a cluster id!' }), /clusterId/);
  assert.throws(() => buildControllerConfig({ ...base, fetchMaxWaitMs: 600 }), /fetchMaxWaitMs .* below requestTimeoutMs/);
  assert.throws(() => buildControllerConfig({ ...base, logLevel: 'loud' as never }), /logLevel/);
  assert.throws(() => buildControllerConfig({ ...base, dataDir: '' }), /dataDir is required/);
});
