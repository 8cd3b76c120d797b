import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode, encodeRecordBatch, readBatchHeader } from '@orderlab/kafka-protocol';
import { DEFAULT_LOG_CONFIG, MemoryLogStore } from '@orderlab/log-store';
import { ManualClock } from '@orderlab/shared';
import { Partition, type PartitionState } from '../../src/partitions/partition';

const state = (leader: number, isr: number[], leaderEpoch = 0, partitionEpoch = 0): PartitionState => ({ leader, leaderEpoch, partitionEpoch, replicas: [1, 2, 3], isr });

function setup(node: number, s: PartitionState) {
  const store = new MemoryLogStore({ clock: new ManualClock(0) });
  return new Partition('t', 0, store.open('t', 0, DEFAULT_LOG_CONFIG), node, s);
}

function append(p: Partition, values: string[]) {
  const bytes = encodeRecordBatch({ records: values.map((value) => ({ value })) });
  return p.appendBatch(bytes, readBatchHeader(bytes));
}

test('leader: the high watermark waits for every ISR member\'s fetch; consumers never read past it; acks=all completes when it passes', async () => {
  const p = setup(1, state(1, [1, 2, 3]));
  const out = append(p, ['a', 'b']);
  assert.deepEqual([out.baseOffset, out.nextOffset, p.highWatermark()], [0, 2, 0], 'appended, not yet replicated');
  const read = p.read(0, 1 << 20, false, true);
  assert.ok(!('errorCode' in read) && read.bytes === 0, 'a consumer sees nothing past the high watermark');
  let acked: number | null = null;
  void p.awaitReplication(out.nextOffset, 2).then((c) => (acked = c));
  p.recordFollowerFetch(2, 2);
  assert.equal(p.highWatermark(), 0, 'one of two followers is not enough with both in the ISR');
  p.recordFollowerFetch(3, 1);
  assert.equal(p.highWatermark(), 1);
  p.recordFollowerFetch(3, 2);
  assert.equal(p.highWatermark(), 2);
  await Promise.resolve();
  assert.equal(acked, 0);
});

test('leader: the committed shrink lets the high watermark move; below min ISR the waiter gets NOT_ENOUGH_REPLICAS_AFTER_APPEND', async () => {
  const p = setup(1, state(1, [1, 2, 3]));
  const out = append(p, ['a']);
  const ack = p.awaitReplication(out.nextOffset, 2);
  p.updateState(state(1, [1], 0, 1)); // both followers dropped (e.g. fenced)
  assert.equal(p.highWatermark(), 1);
  assert.equal(await ack, ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND);
});

test('leader: losing leadership answers waiting acks=all produces NOT_LEADER_OR_FOLLOWER', async () => {
  const p = setup(1, state(1, [1, 2]));
  const out = append(p, ['a']);
  const ack = p.awaitReplication(out.nextOffset, 1);
  p.updateState(state(2, [1, 2], 1, 1));
  assert.equal(await ack, ErrorCode.NOT_LEADER_OR_FOLLOWER);
});

test('follower: appends the leader\'s bytes as they are and takes its high watermark, capped by its own log end', () => {
  const leader = setup(1, state(1, [1, 2]));
  append(leader, ['a', 'b']);
  append(leader, ['c']);
  leader.recordFollowerFetch(2, 3);
  const follower = setup(2, state(1, [1, 2]));
  const read = leader.readToLogEnd(0, 1 << 20, true);
  assert.ok(!('errorCode' in read));
  const bytes = Buffer.concat(read.chunks as Buffer[]);
  follower.appendFromLeader(bytes, 99);
  assert.deepEqual([follower.logEndOffset(), follower.highWatermark()], [3, 3]);
  const copy = follower.readToLogEnd(0, 1 << 20, true);
  assert.ok(!('errorCode' in copy));
  assert.ok(Buffer.concat(copy.chunks as Buffer[]).equals(bytes), 'byte-identical: offsets and epochs kept, no re-encoding');
});

test('a lone replica is its own ISR: the high watermark follows its appends (the single-broker case)', () => {
  const store = new MemoryLogStore({ clock: new ManualClock(0) });
  const p = new Partition('t', 0, store.open('t', 0, DEFAULT_LOG_CONFIG), 1, { leader: 1, leaderEpoch: 0, partitionEpoch: 0, replicas: [1], isr: [1] });
  append(p, ['a', 'b', 'c']);
  assert.equal(p.highWatermark(), 3);
});
