import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode } from '@orderlab/kafka-protocol';
import { ProducerStateTable, lastSequence } from '../src';

const batch = (producerEpoch: number, baseSequence: number, count: number) => ({ producerId: 7, producerEpoch, baseSequence, lastOffsetDelta: count - 1 });

test('a new producer may start at any sequence; the next batch must follow on', () => {
  const t = new ProducerStateTable();
  assert.deepEqual(t.check(batch(0, 0, 5)), { kind: 'append' });
  t.record(batch(0, 0, 5), 100, 1);
  assert.deepEqual(t.check(batch(0, 5, 5)), { kind: 'append' });
  const gap = t.check(batch(0, 6, 5));
  assert.equal(gap.kind, 'error');
  assert.equal(gap.kind === 'error' && gap.errorCode, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
});

test('a retried batch among the last five is a duplicate answered with its original offset', () => {
  const t = new ProducerStateTable();
  for (let i = 0; i < 6; i++) t.record(batch(0, i * 10, 10), 1000 + i * 10, 50 + i);
  assert.deepEqual(t.check(batch(0, 50, 10)), { kind: 'duplicate', baseOffset: 1050, timestamp: 55 });
  assert.deepEqual(t.check(batch(0, 10, 10)), { kind: 'duplicate', baseOffset: 1010, timestamp: 51 });
  const tooOld = t.check(batch(0, 0, 10));
  assert.equal(tooOld.kind, 'error', 'only the last five batches are remembered');
});

test('an older epoch is fenced; a newer epoch must restart at sequence 0', () => {
  const t = new ProducerStateTable();
  t.record(batch(3, 0, 1), 0, 0);
  const fenced = t.check(batch(2, 1, 1));
  assert.equal(fenced.kind === 'error' && fenced.errorCode, ErrorCode.INVALID_PRODUCER_EPOCH);
  assert.deepEqual(t.check(batch(4, 0, 1)), { kind: 'append' });
  const bad = t.check(batch(4, 3, 1));
  assert.equal(bad.kind === 'error' && bad.errorCode, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
});

test('sequences wrap past INT32_MAX to 0', () => {
  assert.equal(lastSequence(2147483646, 3), 1);
  const t = new ProducerStateTable();
  t.record(batch(0, 2147483640, 8), 0, 0);
  assert.deepEqual(t.check(batch(0, 0, 1)), { kind: 'append' });
});

test('producers idle for producer.id.expiration.ms are removed; the others stay', () => {
  const t = new ProducerStateTable();
  t.record({ producerId: 1, producerEpoch: 0, baseSequence: 0, lastOffsetDelta: 0 }, 0, 1000);
  t.record({ producerId: 2, producerEpoch: 0, baseSequence: 0, lastOffsetDelta: 0 }, 1, 5000);
  assert.equal(t.oldestLastTimestamp(), 1000);
  assert.equal(t.removeExpired(1000 + 9999, 10_000), 0, 'not yet idle long enough');
  assert.equal(t.removeExpired(1000 + 10_000, 10_000), 1, 'idle exactly the expiration: gone (Kafka uses >=)');
  assert.equal(t.entry(1), undefined);
  assert.ok(t.entry(2));
  assert.deepEqual(t.check({ producerId: 1, producerEpoch: 0, baseSequence: 7, lastOffsetDelta: 0 }), { kind: 'append' }, 'an expired producer is unknown again');
});
