import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExactlyOnceGate } from '../src/exactly-once-gate';
import { FakeConsumer, MemoryPositions, recordingLogger } from './fakes';

const tp = { topic: 'orders', partition: 0 };
const setup = () => {
  const positions = new MemoryPositions();
  const consumer = new FakeConsumer();
  const logger = recordingLogger();
  const gate = new ExactlyOnceGate(positions, consumer, logger, { rewinds: 0, lostToRetention: 0 });
  return { positions, consumer, logger, gate };
};

test('no stored position: the partition starts at the beginning of retained data, never at the committed offset', async () => {
  const { positions, consumer, gate, logger } = setup();
  consumer.earliest = 40;
  assert.equal(await gate.establish(tp), 40);
  assert.equal(positions.map.get('orders:0'), 40);
  assert.match(logger.lines.join('\n'), /no stored position for orders-0: starting from the beginning of retained data \(offset 40\)/);
});

test('a batch fetched short of the stored position (the commit a crash prevented) is sought forward and the position committed', async () => {
  const { positions, consumer, gate } = setup();
  positions.map.set('orders:0', 120);
  const expected = await gate.establish(tp);
  await gate.fetchedElsewhere(tp, 100, expected);
  assert.deepEqual(consumer.seeks, [{ partition: 0, offset: 120 }]);
  assert.deepEqual(consumer.commits, [{ topic: 'orders', partition: 0, offset: 120 }]);
});

test('the store behind what was read: seek back to it and count a rewind; behind what retention kept: advance past the loss, loudly', async () => {
  const { positions, consumer, gate, logger } = setup();
  positions.map.set('orders:0', 50);
  await gate.behind(tp, 50, 80);
  assert.deepEqual(consumer.seeks.at(-1), { partition: 0, offset: 50 });
  assert.equal(gate.stats.rewinds, 1);
  consumer.earliest = 70;
  await gate.behind(tp, 50, 80);
  assert.equal(positions.map.get('orders:0'), 70);
  assert.equal(gate.stats.lostToRetention, 20);
  assert.deepEqual(consumer.seeks.at(-1), { partition: 0, offset: 70 });
  assert.match(logger.lines.join('\n'), /offsets 50…69 were deleted by retention before they were applied: 20 record\(s\) can never be applied/);
});

test('reconcile follows the store: behind → rewind, wiped → beginning of retained data, ahead → forward', async () => {
  const { positions, consumer, gate } = setup();
  positions.map.set('orders:0', 10);
  await gate.establish(tp);
  gate.applied(tp, 29);
  positions.map.set('orders:0', 25);
  await gate.reconcile();
  assert.deepEqual(consumer.seeks.at(-1), { partition: 0, offset: 25 });
  positions.map.clear();
  consumer.earliest = 3;
  await gate.reconcile();
  assert.deepEqual(consumer.seeks.at(-1), { partition: 0, offset: 3 });
  positions.map.set('orders:0', 90);
  await gate.reconcile();
  assert.deepEqual(consumer.seeks.at(-1), { partition: 0, offset: 90 });
  assert.equal(gate.expectedNext(tp), 90);
});
