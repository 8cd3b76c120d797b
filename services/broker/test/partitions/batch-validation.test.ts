import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ATTR, ErrorCode, encodeRecordBatch } from '@orderlab/kafka-protocol';
import { validateProducedBatch } from '../../src/partitions/batch-validation';

const code = (r: ReturnType<typeof validateProducedBatch>) => (r.ok ? 0 : r.errorCode);

test('one well-formed batch passes', () => {
  const r = validateProducedBatch(encodeRecordBatch({ records: [{ value: 'a' }, { value: 'b' }] }), 1 << 20);
  assert.ok(r.ok);
  assert.equal(r.ok && r.header.recordsCount, 2);
});

test('each malformed payload gets Kafka\'s error code', () => {
  const good = encodeRecordBatch({ records: [{ value: 'a' }] });
  assert.equal(code(validateProducedBatch(null, 1 << 20)), ErrorCode.INVALID_RECORD);
  assert.equal(code(validateProducedBatch(good.subarray(0, 40), 1 << 20)), ErrorCode.CORRUPT_MESSAGE);
  assert.equal(code(validateProducedBatch(Buffer.concat([good, good]), 1 << 20)), ErrorCode.INVALID_RECORD);
  assert.equal(code(validateProducedBatch(good.subarray(0, good.length - 1), 1 << 20)), ErrorCode.CORRUPT_MESSAGE);
  assert.equal(code(validateProducedBatch(good, 10)), ErrorCode.MESSAGE_TOO_LARGE);
  const flipped = Buffer.from(good);
  flipped[flipped.length - 1] ^= 1;
  assert.equal(code(validateProducedBatch(flipped, 1 << 20)), ErrorCode.CORRUPT_MESSAGE);
  const oldMagic = Buffer.from(good);
  oldMagic[16] = 1;
  assert.equal(code(validateProducedBatch(oldMagic, 1 << 20)), ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT);
  const control = encodeRecordBatch({ records: [{ value: 'x' }], attributes: ATTR.CONTROL });
  assert.equal(code(validateProducedBatch(control, 1 << 20)), ErrorCode.INVALID_RECORD);
  const noSeq = encodeRecordBatch({ records: [{ value: 'x' }], producerId: 5, producerEpoch: 0, baseSequence: -1 });
  assert.equal(code(validateProducedBatch(noSeq, 1 << 20)), ErrorCode.INVALID_RECORD);
});
