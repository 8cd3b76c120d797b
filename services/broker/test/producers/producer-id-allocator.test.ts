import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '@orderlab/shared';
import { NoProducerIdBlockError, ProducerIdAllocator, type ProducerIdBlock } from '../../src/producers/producer-id-allocator';

/** A stand-in controller: hands out consecutive disjoint blocks, as ProducerIdsRecord does. */
function controller(size = 10) {
  let next = 0;
  const calls: number[] = [];
  return {
    calls,
    source: async (): Promise<ProducerIdBlock> => {
      calls.push(next);
      const block = { start: next, length: size };
      next += size;
      return block;
    },
  };
}

test('ids come from the controller blocks, in order, and the next block is fetched before the current runs out', async () => {
  const c = controller(10);
  const a = new ProducerIdAllocator(c.source, silentLogger);
  const ids: number[] = [];
  for (let i = 0; i < 9; i++) ids.push(await a.allocate());
  assert.deepEqual(ids, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(c.calls.length, 2, 'the second block was requested once 90% of the first was used');
  for (let i = 0; i < 5; i++) ids.push(await a.allocate());
  assert.deepEqual(ids.slice(9), [9, 10, 11, 12, 13]);
});

test('two brokers on one controller never hand out the same id, even when allocating concurrently', async () => {
  const c = controller(7);
  const b1 = new ProducerIdAllocator(c.source, silentLogger);
  const b2 = new ProducerIdAllocator(c.source, silentLogger);
  const ids = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? b1 : b2).allocate()));
  assert.equal(new Set(ids).size, ids.length);
});

test('no block from the controller → a retriable error, and the next call asks again', async () => {
  let fail = true;
  const a = new ProducerIdAllocator(async () => {
    if (fail) throw new Error('no quorum');
    return { start: 5000, length: 1000 };
  }, silentLogger);
  await assert.rejects(a.allocate(), NoProducerIdBlockError);
  fail = false;
  assert.equal(await a.allocate(), 5000);
});
