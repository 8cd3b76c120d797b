import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProducerSnapshot, encodeProducerSnapshot } from '../src/producer-snapshot';

const entries = [
  { producerId: 2 ** 40 + 7, epoch: 3, lastTimestamp: 1_700_000_000_123, batches: [{ firstSeq: 0, lastSeq: 4, baseOffset: 10, timestamp: 1_700_000_000_000 }, { firstSeq: 5, lastSeq: 9, baseOffset: 2 ** 33, timestamp: 1_700_000_000_123 }] },
  { producerId: 9, epoch: 0, lastTimestamp: 5, batches: [] },
];

test('a producer snapshot round-trips', () => {
  assert.deepEqual(decodeProducerSnapshot(encodeProducerSnapshot(entries)), entries);
  assert.deepEqual(decodeProducerSnapshot(encodeProducerSnapshot([])), []);
});

test('a torn, flipped or empty snapshot is refused, never half-loaded', () => {
  const bytes = encodeProducerSnapshot(entries);
  for (let cut = 0; cut < bytes.length; cut++) assert.equal(decodeProducerSnapshot(bytes.subarray(0, cut)), null, `cut at ${cut}`);
  for (const at of [0, 3, 10, bytes.length - 1]) {
    const flipped = Buffer.from(bytes);
    flipped[at] = (flipped[at] as number) ^ 0x10;
    assert.equal(decodeProducerSnapshot(flipped), null, `flip at ${at}`);
  }
});
