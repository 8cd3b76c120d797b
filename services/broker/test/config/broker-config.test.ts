import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, buildBrokerConfig } from '../../src/config/broker-config';

test('bad settings fail at boot with the field named', () => {
  assert.throws(() => buildBrokerConfig({ dataDir: '/tmp/x', port: 70000 }), (e) => e instanceof ConfigError && /port/.test(e.message));
  assert.throws(() => buildBrokerConfig({ dataDir: '' }), ConfigError);
  assert.throws(() => buildBrokerConfig({ dataDir: '/tmp/x', groupMinSessionTimeoutMs: 10, groupMaxSessionTimeoutMs: 5 }), ConfigError);
  const voters = '1001@127.0.0.1:9093';
  assert.equal(buildBrokerConfig({ dataDir: '/tmp/x', controllerQuorumVoters: voters }).autoCreateTopics, false);
  assert.throws(() => buildBrokerConfig({ dataDir: '/tmp/x' }), (e) => e instanceof ConfigError && /controllerQuorumVoters/.test(e.message), 'the quorum is required');
  assert.throws(() => buildBrokerConfig({ dataDir: '/tmp/x', controllerQuorumVoters: '1@h:1', nodeId: 1 }), (e) => e instanceof ConfigError && /voter id/.test(e.message), 'a broker id must not be a voter id');
  assert.throws(() => buildBrokerConfig({ dataDir: '/tmp/x', controllerQuorumVoters: voters, clusterId: 'not a cluster id!' }), ConfigError);
});
