import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TestCluster } from './helpers/test-cluster';

test('smoke: 3 nodes elect, replicate and commit', () => {
  const c = new TestCluster([1, 2, 3]);
  const leader = c.electLeader();
  const last = c.propose(leader, 'a', 'b');
  c.runUntil(() => [1, 2, 3].every((id) => c.node(id).highWatermark > last), 100, 'commit');
  for (const id of [1, 2, 3]) assert.deepEqual(c.appliedValues(id), ['a', 'b']);
});
