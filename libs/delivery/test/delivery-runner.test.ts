import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CrashInjector } from '../src/crash-injector';
import { DeliveryRunner, type RecordProcessor } from '../src/delivery-runner';
import type { ConsumedRecord } from '../src/consumed-record';
import type { GuardSpan, ProcessOutcome } from '../src/position-store';
import { FakeConsumer, MemoryDeadLetters, MemoryPositions, recordingLogger } from './fakes';

/** Applies through the positions' guard; offsets listed in `invalid` fail validation; `failing` makes the next n calls throw. */
class Processor implements RecordProcessor {
  failing = 0;
  invalid = new Set<number>();
  constructor(private readonly positions: MemoryPositions) {}

  async process(r: ConsumedRecord, span: GuardSpan): Promise<ProcessOutcome> {
    if (this.failing-- > 0) throw new Error('Redis: connection refused');
    if (this.invalid.has(r.offset)) return { kind: 'invalid', reason: 'bad event' };
    return this.positions.apply(r, span);
  }
}

const setup = () => {
  const positions = new MemoryPositions();
  const consumer = new FakeConsumer();
  const processor = new Processor(positions);
  const deadLetters = new MemoryDeadLetters();
  const logger = recordingLogger();
  const runner = new DeliveryRunner({ consumer, processor, deadLetters, positions, mode: 'exactly-once', crash: new CrashInjector(null, () => undefined), logger, sleep: async () => undefined, auditEveryMs: 3_600_000 });
  runner.start();
  return { positions, consumer, processor, deadLetters, logger, runner };
};

test('nothing of a partition is applied before its position is read; a batch fetched elsewhere is dropped and sought', async () => {
  const { positions, consumer, runner } = setup();
  positions.map.set('orders:0', 5);
  const seen = await consumer.deliver(3, [3, 4, 5, 6]);
  assert.deepEqual(seen.resolved, [], 'nothing applied from the committed offset');
  assert.deepEqual(consumer.seeks, [{ partition: 0, offset: 5 }]);
  const next = await consumer.deliver(5, [5, 6]);
  assert.deepEqual(next.resolved, [5, 6]);
  assert.equal(runner.stats.applied, 2);
  assert.equal(runner.stats.duplicates, 0);
  await runner.stop();
});

test('a record past the stored position is never applied: the consumer is sent back and it counts', async () => {
  const { positions, consumer, runner } = setup();
  positions.map.set('orders:0', 0);
  await consumer.deliver(0, [0, 1, 2]);
  positions.map.set('orders:0', 1); // the store lost the write of offset 1
  const seen = await consumer.deliver(3, [3, 4]);
  assert.deepEqual(seen.resolved, []);
  assert.deepEqual(consumer.seeks.at(-1), { partition: 0, offset: 1 });
  assert.equal(runner.stats.rewinds, 1);
  assert.deepEqual((await consumer.deliver(1, [1, 2, 3, 4])).resolved, [1, 2, 3, 4]);
  assert.equal(positions.map.get('orders:0'), 5);
  await runner.stop();
});

test('a failing store is retried with backoff, heartbeating, and reported until it works again', async () => {
  const { positions, consumer, processor, runner, logger } = setup();
  positions.map.set('orders:0', 0);
  processor.failing = 3;
  const seen = await consumer.deliver(0, [0, 1]);
  assert.deepEqual(seen.resolved, [0, 1]);
  assert.ok(seen.heartbeats >= 3 + 2, `heartbeats during the retries and after each record: ${seen.heartbeats}`);
  assert.equal(runner.faults.current, null, 'recovered');
  assert.match(logger.lines.join('\n'), /apply orders-0@0 failed \(attempt 1\), retrying with backoff: Redis: connection refused/);
  assert.match(logger.lines.join('\n'), /apply orders-0@0 succeeded again after 3 failed attempt/);
  await runner.stop();
});

test('an invalid record goes to the dead-letter topic once, retried while that fails, and its position advances', async () => {
  const { positions, consumer, processor, deadLetters, runner } = setup();
  positions.map.set('orders:0', 0);
  processor.invalid.add(1);
  deadLetters.failures = 2;
  await consumer.deliver(0, [0, 1, 2]);
  assert.deepEqual(deadLetters.sent, [{ offset: 1, reason: 'bad event' }]);
  assert.equal(positions.map.get('orders:0'), 3);
  assert.deepEqual([runner.stats.applied, runner.stats.invalid], [2, 1]);
  consumer.assign(); // a rejoin: the position is read again from the store
  const again = await consumer.deliver(1, [1, 2]); // fetched from an older commit
  assert.deepEqual(again.resolved, []);
  assert.deepEqual(consumer.seeks.at(-1), { partition: 0, offset: 3 });
  assert.equal(deadLetters.sent.length, 1, 'not dead-lettered again');
  await runner.stop();
});

test('a batch abandoned mid-way (partition revoked) stops at once, without resolving further', async () => {
  const { positions, consumer, runner } = setup();
  positions.map.set('orders:0', 0);
  let calls = 0;
  const seen = await consumer.deliver(0, [0, 1, 2, 3], () => calls++ < 2);
  assert.deepEqual(seen.resolved, [0, 1]);
  await runner.stop();
});
