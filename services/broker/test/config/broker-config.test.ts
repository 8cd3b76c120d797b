import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, buildBrokerConfig } from '../../src/config/broker-config';

test('bad settings fail at boot with the field named', () => {
  assert.throws(() => buildBrokerConfig({ dataDir: '/tmp/x', port: 70000 }), (e) => e instanceof ConfigError && /port/.test(e.message));
  assert.throws(() => buildBrokerConfig({ dataDir: '' }), ConfigError);
  assert.throws(() => buildBrokerConfig({ dataDir: '/tmp/x', groupMinSessionTimeoutMs: 10, groupMaxSessionTimeoutMs: 5 }), ConfigError);
  assert.equal(buildBrokerConfig({ dataDir: '/tmp/x' }).autoCreateTopics, false);
});
