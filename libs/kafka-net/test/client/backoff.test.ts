import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reconnectDelayMs } from '../../src/client/backoff';

const policy = { baseMs: 50, maxMs: 1000, jitter: 0.2 };

test('reconnect delay doubles per failure from the base and is capped at the max', () => {
  const noJitter = { ...policy, jitter: 0 };
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 50].map((n) => reconnectDelayMs(n, noJitter, 0.5)), [0, 50, 100, 200, 400, 800, 1000, 1000, 1000]);
});

test('jitter spreads the delay over [1 - j, 1 + j) times the exponential value, never above the cap', () => {
  assert.equal(reconnectDelayMs(3, policy, 0), 160, '200 · 0.8');
  assert.equal(reconnectDelayMs(3, policy, 0.999999), 240, '200 · 1.2');
  assert.equal(reconnectDelayMs(3, policy, 0.5), 200);
  for (const r of [0, 0.3, 0.7, 0.999]) assert.ok(reconnectDelayMs(10, policy, r) <= policy.maxMs, 'capped after jitter');
  assert.equal(reconnectDelayMs(10, policy, 0), 800, 'the cap is jittered down too, so reconnects after a long outage do not align');
});
