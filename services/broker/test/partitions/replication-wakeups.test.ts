import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeRecordBatch, readBatchHeader } from '@orderlab/kafka-protocol';
import { DEFAULT_LOG_CONFIG, MemoryLogStore } from '@orderlab/log-store';
import { ManualClock } from '@orderlab/shared';
import { waitForBytes } from '../../src/partitions/fetch-waiter';
import { Partition } from '../../src/partitions/partition';

// acks=all latency is one follower round trip only if nothing on the leader waits for a timer
// turn: the parked follower fetch must wake on the append, and the acks=all wait must complete on
// the follower fetch that moves the high watermark past it — both within microtasks of the call that caused them.

function leader(): Partition {
  const store = new MemoryLogStore({ clock: new ManualClock(0) });
  return new Partition('t', 0, store.open('t', 0, DEFAULT_LOG_CONFIG), 1, { leader: 1, leaderEpoch: 0, partitionEpoch: 0, replicas: [1, 2, 3], isr: [1, 2, 3] });
}

function append(p: Partition, values: string[]) {
  const bytes = encodeRecordBatch({ records: values.map((value) => ({ value })) });
  return p.appendBatch(bytes, readBatchHeader(bytes));
}

/** Whether `promise` settles within a few microtask turns: no timer, immediate or I/O callback can run meanwhile. */
async function settlesInMicrotasks<T>(promise: Promise<T>): Promise<T | 'not yet'> {
  let value: T | 'not yet' = 'not yet';
  void promise.then((v) => (value = v));
  for (let i = 0; i < 20; i++) await Promise.resolve();
  return value;
}

test("a follower's parked fetch wakes on the leader's append, before any timer or I/O turn", async () => {
  const p = leader();
  for (const id of [2, 3]) p.recordFollowerFetch(id, 0);
  const woken = waitForBytes([{ partition: p, from: p.fetchPosition(0), maxBytes: 1 << 20, bytes: 0, toLogEnd: true }], 1, 500).then(() => 'woken' as const);
  append(p, ['a', 'b']);
  assert.equal(await settlesInMicrotasks(woken), 'woken');
});

test('acks=all completes on the follower fetch that moves the high watermark past it, within microtasks', async () => {
  const p = leader();
  const out = append(p, ['a', 'b', 'c']);
  const acked = p.awaitReplication(out.nextOffset, 2).then((code) => ({ code }));
  p.recordFollowerFetch(2, out.nextOffset);
  assert.equal(p.highWatermark(), 0, 'one follower of two: the high watermark waits for the ISR');
  p.recordFollowerFetch(3, out.nextOffset);
  assert.equal(p.highWatermark(), 3);
  assert.deepEqual(await settlesInMicrotasks(acked), { code: 0 });
});
