import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { RaftMessage } from '../../src';
import { TestCluster } from '../helpers/test-cluster';
import { fetchFrom } from '../helpers/solo';

test('malformed messages are dropped: never thrown on, never acted on', () => {
  const c = new TestCluster([1, 2, 3]);
  const leader = c.electLeader();
  const epoch = c.node(leader).epoch;
  const valid = fetchFrom(2, leader, epoch, 0, 0);
  const mutated = fc.record({
    field: fc.constantFrom(...Object.keys(valid)),
    value: fc.oneof(fc.anything(), fc.integer({ min: -5, max: -2 }), fc.double(), fc.constant(Number.NaN), fc.constant(undefined)),
  });
  fc.assert(
    fc.property(fc.oneof(fc.anything(), mutated.map(({ field, value }) => ({ ...valid, [field]: value }))), (junk) => {
      c.node(leader).step(junk as RaftMessage);
      c.drain(leader);
    }),
    { numRuns: 2000, seed: 8 },
  );
  assert.equal(c.node(leader).role, 'leader');
  assert.equal(c.node(leader).epoch, epoch);
});

test('a duplicated fetch response is applied once (requestId no longer in flight)', () => {
  const c = new TestCluster([1, 2, 3]);
  const leader = c.electLeader();
  const follower = [1, 2, 3].find((id) => id !== leader)!;
  c.propose(leader, 'once');
  c.tick([leader]);
  const responses: RaftMessage[] = [];
  for (let i = 0; i < 20 && responses.length === 0; i++) {
    const m = c.inflight.shift();
    if (!m) c.tick();
    else {
      if (m.type === 'FetchResponse' && m.to === follower && m.records.length > 0) responses.push(m);
      c.node(m.to).step(m);
      c.drain(m.to);
    }
  }
  assert.equal(responses.length, 1);
  const end = c.member(follower).storage.endOffset();
  c.node(follower).step(responses[0]!);
  c.drain(follower);
  assert.equal(c.member(follower).storage.endOffset(), end);
});
