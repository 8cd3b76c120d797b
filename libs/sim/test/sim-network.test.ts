import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RaftMessage } from '@orderlab/raft';
import { Rng, SimNetwork } from '../src';

const msg = (from: number, to: number): RaftMessage => ({ type: 'BeginQuorumEpochRequest', from, to, requestId: 1, leaderId: from, leaderEpoch: 1 });

function network(faults: Partial<ConstructorParameters<typeof SimNetwork>[1]> = {}) {
  const delivered: Array<{ delay: number; m: RaftMessage }> = [];
  const net = new SimNetwork(new Rng(1), { minDelayMs: 2, meanExtraDelayMs: 3, dropRate: 0, duplicateRate: 0, ...faults }, (delay, m) => delivered.push({ delay, m }));
  return { net, delivered };
}

test('messages are delayed by at least the minimum, by varying amounts (so they reorder)', () => {
  const { net, delivered } = network();
  for (let i = 0; i < 50; i++) net.send(msg(1, 2));
  assert.equal(delivered.length, 50);
  assert.ok(delivered.every((d) => d.delay >= 2));
  assert.ok(new Set(delivered.map((d) => d.delay.toFixed(3))).size > 40);
});

test('cut links drop both ways for a split, one way for cutLink; heal restores them', () => {
  const { net, delivered } = network();
  net.split([1], [2, 3]);
  net.cutLink(4, 5);
  for (const [a, b] of [[1, 2], [2, 1], [3, 1], [2, 3], [4, 5], [5, 4]] as const) net.send(msg(a, b));
  assert.deepEqual(delivered.map((d) => `${d.m.from}>${d.m.to}`), ['2>3', '5>4']);
  net.heal();
  net.send(msg(1, 2));
  assert.equal(delivered.length, 3);
});

test('drop, duplicate and content filters', () => {
  const lossy = network({ dropRate: 1 });
  lossy.net.send(msg(1, 2));
  assert.equal(lossy.delivered.length, 0);
  const dup = network({ duplicateRate: 1 });
  dup.net.send(msg(1, 2));
  assert.equal(dup.delivered.length, 2);
  const filtered = network();
  filtered.net.dropMatching((m) => m.type === 'BeginQuorumEpochRequest' && m.from === 1);
  filtered.net.send(msg(1, 2));
  filtered.net.send(msg(2, 1));
  assert.deepEqual(filtered.delivered.map((d) => d.m.from), [2]);
});
