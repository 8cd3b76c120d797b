import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkHistory, describeError, type History, type ReadRecord, type SendRecord, type StoredBatch } from '../../src/checker';

// Handmade histories, no broker: each violation kind is found, and a clean history has none.
let seq = 0;
function sent(id: string, key: string, partition: number, offset: number | null, error?: { error: string; retriable: boolean }): SendRecord {
  const outcome = offset !== null ? { ok: true as const, offset } : { ok: false as const, ...(error ?? { error: 'KafkaJSNumberOfRetriesExceeded (NOT_ENOUGH_REPLICAS)', retriable: true }) };
  return { id, key, partition, session: 's', seq: seq++, sentAt: 0, doneAt: 0, outcome };
}
const read = (id: string, key: string, partition: number, offset: number): ReadRecord => ({ id, key, partition, offset });
const batch = (baseOffset: number, lastOffset: number, fill: number): StoredBatch => ({ baseOffset, lastOffset, bytes: Buffer.alloc(70, fill) });

function clean(): History {
  seq = 0;
  const sends = [sent('a', 'k0', 0, 0), sent('b', 'k0', 0, 1), sent('c', 'k1', 1, 0), sent('d', 'k0', 0, null)];
  const reads = [read('a', 'k0', 0, 0), read('b', 'k0', 0, 1), read('c', 'k1', 1, 0)];
  const replicas = [1, 2, 3].flatMap((brokerId) => [
    { brokerId, partition: 0, batches: [batch(0, 0, 1), batch(1, 1, 2)] },
    { brokerId, partition: 1, batches: [batch(0, 0, 3)] },
  ]);
  return { sends, reads, replicas, partitions: [{ partition: 0, highWatermark: 2, isr: [1, 2, 3] }, { partition: 1, highWatermark: 1, isr: [1, 2] }] };
}

const kinds = (h: History) => checkHistory(h).violations.map((v) => v.kind);

describe('history checker on handmade histories', () => {
  test('a clean history: no violation (an unacknowledged retriable failure never read back is fine)', () => {
    const r = checkHistory(clean());
    assert.deepEqual(r.violations, []);
    assert.deepEqual([r.counts.sent, r.counts.acknowledged, r.counts.failed, r.counts.read], [4, 3, 1, 3]);
  });

  test('an acknowledged id missing: lost', () => {
    const h = clean();
    const r = checkHistory({ ...h, reads: h.reads.filter((x) => x.id !== 'b') });
    assert.deepEqual(r.violations.map((v) => [v.kind, v.id]), [['lost', 'b']]);
    assert.equal(r.counts.byKind.lost, 1);
  });

  test('an id read twice: duplicate', () => {
    const h = clean();
    assert.deepEqual(kinds({ ...h, reads: [...h.reads, read('c', 'k1', 1, 1)] }), ['duplicate']);
  });

  test('an unacknowledged record read twice is a duplicate too (the idempotent producer retried it)', () => {
    const h = clean();
    assert.deepEqual(kinds({ ...h, reads: [...h.reads, read('d', 'k0', 0, 2), read('d', 'k0', 0, 3)] }), ['duplicate']);
  });

  test('an id at another offset or partition than acknowledged: wrong-offset', () => {
    const h = clean();
    assert.deepEqual(kinds({ ...h, reads: h.reads.map((x) => (x.id === 'c' ? read('c', 'k1', 1, 5) : x)) }), ['wrong-offset']);
    assert.deepEqual(kinds({ ...h, reads: h.reads.map((x) => (x.id === 'c' ? read('c', 'k1', 2, 0) : x)) }), ['wrong-offset']);
  });

  test('two records of a key in the log in the other order than sent: key-order (an unacknowledged one counts)', () => {
    const h = clean();
    // d (sent after b) at offset 1, b at 2: b was acknowledged at 1, so wrong-offset as well.
    const swapped = [read('a', 'k0', 0, 0), read('d', 'k0', 0, 1), read('b', 'k0', 0, 2), read('c', 'k1', 1, 0)];
    assert.deepEqual(kinds({ ...h, reads: swapped }).sort(), ['key-order', 'wrong-offset']);
    // Other keys or other sessions are not ordered against each other.
    const otherSession = h.sends.map((s) => (s.id === 'd' ? { ...s, session: 't' } : s));
    assert.deepEqual(kinds({ ...h, sends: otherSession, reads: [...h.reads, read('d', 'k0', 0, 2)] }), []);
  });

  test('a non-retriable error reaching the producer', () => {
    const h = clean();
    const sends = [...h.sends, sent('e', 'k1', 1, null, { error: 'KafkaJSProtocolError (INVALID_RECORD)', retriable: false })];
    assert.deepEqual(kinds({ ...h, sends }), ['non-retriable-error']);
  });

  test('ISR members differing below the HW: replica-divergence (different bytes, a missing batch); above the HW or outside the ISR is allowed', () => {
    const h = clean();
    const replicas = h.replicas!.map((r) => (r.brokerId === 3 && r.partition === 0 ? { ...r, batches: [batch(0, 0, 1), batch(1, 1, 9)] } : r));
    const r = checkHistory({ ...h, replicas });
    assert.deepEqual(r.violations.map((v) => [v.kind, v.partition]), [['replica-divergence', 0]]);
    assert.match(r.violations[0]!.detail, /batch at 1 below HW 2 differs between brokers 1 and 3/);

    const short = h.replicas!.map((x) => (x.brokerId === 2 && x.partition === 0 ? { ...x, batches: [batch(0, 0, 1)] } : x));
    assert.match(checkHistory({ ...h, replicas: short }).violations[0]!.detail, /batch at 1 below HW 2 on broker 1, missing on ISR member 2/);

    // Broker 3 is not in partition 1's ISR: whatever it holds is not compared; neither is anything at or past the HW.
    const outside = h.replicas!.map((x) => (x.brokerId === 3 && x.partition === 1 ? { ...x, batches: [batch(0, 0, 7)] } : x.brokerId === 1 && x.partition === 0 ? { ...x, batches: [...x.batches, batch(2, 4, 5)] } : x));
    assert.deepEqual(kinds({ ...h, replicas: outside }), []);
  });

  test('an ISR member whose files were not read is reported, not passed', () => {
    const h = clean();
    assert.deepEqual(kinds({ ...h, replicas: h.replicas!.filter((x) => !(x.brokerId === 2 && x.partition === 1)) }), ['replica-divergence']);
  });

  test('a record no producer sent: unknown-record', () => {
    const h = clean();
    assert.deepEqual(kinds({ ...h, reads: [...h.reads, read('zz', 'k9', 1, 1)] }), ['unknown-record']);
  });

  test('kafkajs errors: retries exhausted on a retriable cause stays retriable; a non-retriable protocol error does not', () => {
    const cause = Object.assign(new Error('not enough'), { name: 'KafkaJSProtocolError', type: 'NOT_ENOUGH_REPLICAS', retriable: true });
    const exhausted = Object.assign(new Error('retries'), { name: 'KafkaJSNumberOfRetriesExceeded', retriable: false, cause });
    assert.deepEqual(describeError(exhausted), { ok: false, error: 'KafkaJSNumberOfRetriesExceeded (NOT_ENOUGH_REPLICAS)', retriable: true });
    const fatal = Object.assign(new Error('bad'), { name: 'KafkaJSProtocolError', type: 'CORRUPT_MESSAGE', retriable: false });
    assert.deepEqual(describeError(fatal), { ok: false, error: 'KafkaJSProtocolError (CORRUPT_MESSAGE)', retriable: false });
  });
});
