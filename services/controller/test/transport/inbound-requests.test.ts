import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InboundRequests } from '../../src/transport/inbound-requests';

const voteAnswer = (requestId: number) => ({ type: 'VoteResponse' as const, from: 1, to: 2, requestId, errorCode: 0, leaderId: 1, leaderEpoch: 1, voteGranted: true });

test('an answer reaches the request it echoes; a late or unknown one is reported as unclaimed', async () => {
  const inbound = new InboundRequests();
  const a = inbound.reserve();
  const b = inbound.reserve();
  const pa = inbound.wait(a, 1000);
  const pb = inbound.wait(b, 1000);
  assert.equal(inbound.deliver(voteAnswer(b)), true);
  assert.equal(inbound.deliver(voteAnswer(a)), true);
  assert.equal((await pa).kind, 'answered');
  assert.deepEqual(await pb, { kind: 'answered', response: voteAnswer(b) });
  assert.equal(inbound.deliver(voteAnswer(a)), false);
  assert.equal(inbound.size, 0);
});

test('a request the core never answers ends by timeout, never stalls', async () => {
  const inbound = new InboundRequests();
  const started = Date.now();
  assert.equal((await inbound.wait(inbound.reserve(), 30)).kind, 'timeout');
  assert.ok(Date.now() - started < 1000);
});

test('a newer fetch from the same replica supersedes the older (the core parks one per replica); other replicas are unaffected', async () => {
  const inbound = new InboundRequests();
  const first = inbound.wait(inbound.reserve(), 5000, 2);
  const other = inbound.wait(inbound.reserve(), 50, 3);
  const secondId = inbound.reserve();
  const second = inbound.wait(secondId, 5000, 2);
  assert.equal((await first).kind, 'superseded');
  inbound.deliver({ type: 'FetchResponse', from: 1, to: 2, requestId: secondId, errorCode: 0, highWatermark: 0, logStartOffset: 0, currentLeader: { leaderId: 1, leaderEpoch: 1 }, records: [] });
  assert.equal((await second).kind, 'answered');
  assert.equal((await other).kind, 'timeout');
});

test('close() ends every waiter', async () => {
  const inbound = new InboundRequests();
  const w = inbound.wait(inbound.reserve(), 60_000);
  inbound.close();
  assert.equal((await w).kind, 'stopped');
});
