import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { gzipSync, gunzipSync } from 'node:zlib';
import {
  ATTR,
  CompressionType,
  batchCrcValid,
  crc32c,
  decodeBatchRecords,
  encodeRecordBatch,
  readBatchHeader,
  stampBatch,
} from '../../src';

/* kafkajs 2.2.4's RecordBatch v2 encoder: an independent implementation to compare bytes with. */
const load = createRequire(__filename);
interface KafkajsEncoder {
  buffer: Buffer;
}
const KafkajsRecordBatch = (load('kafkajs/src/protocol/recordBatch/v0') as { RecordBatch: (a: unknown) => Promise<KafkajsEncoder> }).RecordBatch;
const KafkajsRecord = load('kafkajs/src/protocol/recordBatch/record/v0') as (a: unknown) => unknown;
const Long = load('kafkajs/src/utils/long') as { fromNumber(n: number): unknown; fromValue(n: number): unknown };

const T0 = 1_700_000_000_000;
const records: Array<{ key: string | null; value: string | null; headers: Record<string, string>; timestamp: number }> = [
  { key: 'customer-1', value: 'order-1', headers: { trace: 'abc' }, timestamp: T0 },
  { key: null, value: 'no key', headers: {}, timestamp: T0 + 5 },
  { key: 'k', value: null, headers: { a: '1', b: '2' }, timestamp: T0 + 7_000_000 },
];

async function kafkajsBatch(opts: { producerId?: number; producerEpoch?: number; firstSequence?: number; compression?: number; compressedRecords?: boolean }): Promise<Buffer> {
  const encoded = records.map((r, i) =>
    KafkajsRecord({ offsetDelta: i, timestampDelta: Long.fromNumber(r.timestamp - T0), key: r.key === null ? null : Buffer.from(r.key), value: r.value === null ? null : Buffer.from(r.value), headers: r.headers }),
  );
  const enc = await KafkajsRecordBatch({
    compression: opts.compression ?? 0,
    firstOffset: Long.fromNumber(0),
    firstTimestamp: T0,
    maxTimestamp: T0 + 7_000_000,
    partitionLeaderEpoch: 0,
    lastOffsetDelta: records.length - 1,
    producerId: Long.fromValue(opts.producerId ?? -1),
    producerEpoch: opts.producerEpoch ?? 0,
    firstSequence: opts.firstSequence ?? 0,
    records: encoded,
  });
  return Buffer.from(enc.buffer);
}

test('CRC-32C test vector: "123456789" → 0xE3069283', () => {
  assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
});

test('our RecordBatch encoder is byte-identical to kafkajs\'s for the same records', async () => {
  for (const idempotent of [false, true]) {
    const producer = idempotent ? { producerId: 4711, producerEpoch: 3, baseSequence: 42 } : { producerId: -1, producerEpoch: 0, baseSequence: 0 };
    const ours = encodeRecordBatch({ records, baseTimestamp: T0, partitionLeaderEpoch: 0, ...producer });
    const theirs = await kafkajsBatch({ producerId: producer.producerId, producerEpoch: producer.producerEpoch, firstSequence: producer.baseSequence });
    assert.deepEqual(ours, theirs, idempotent ? 'idempotent batch' : 'plain batch');
  }
});

test('decodeBatchRecords reads kafkajs batches, plain and gzip, with keys, null values and headers', async () => {
  const gzipCodec = load('kafkajs/src/protocol/message/compression') as { Types: { GZIP: number } };
  for (const compression of [0, gzipCodec.Types.GZIP]) {
    const batch = await kafkajsBatch({ compression });
    assert.ok(batchCrcValid(batch));
    assert.equal(readBatchHeader(batch).attributes & ATTR.COMPRESSION_MASK, compression);
    const decoded = decodeBatchRecords(batch, { [CompressionType.Gzip]: (b) => gunzipSync(b) });
    assert.deepEqual(
      decoded.map((r) => ({ offset: r.offset, timestamp: r.timestamp, key: r.key?.toString() ?? null, value: r.value?.toString() ?? null, headers: Object.fromEntries(r.headers.map((h) => [h.key, h.value?.toString()])) })),
      records.map((r, i) => ({ offset: i, timestamp: r.timestamp, key: r.key, value: r.value, headers: r.headers })),
    );
  }
});

test('our own gzip batches round-trip', () => {
  const batch = encodeRecordBatch({ records, baseTimestamp: T0, attributes: CompressionType.Gzip, compress: (b) => gzipSync(b) });
  assert.equal(decodeBatchRecords(batch, { [CompressionType.Gzip]: (b) => gunzipSync(b) }).length, 3);
  assert.throws(() => decodeBatchRecords(batch), /no decompressor/, 'without a decompressor: a typed decode error');
});

test('the reference example bytes (kafka-protocol.md §3.2) decode as documented', () => {
  const hex =
    '0000000000000000' + '0000003e' + '00000000' + '02' + '5e93538d' + '0000' + '00000000' + '0000018bcfe56800' + '0000018bcfe56800' +
    'ffffffffffffffff' + 'ffff' + 'ffffffff' + '00000001' + '18000000026b02760202680278';
  const batch = Buffer.from(hex, 'hex');
  assert.ok(batchCrcValid(batch));
  const [r] = decodeBatchRecords(batch);
  assert.deepEqual({ key: r?.key?.toString(), value: r?.value?.toString(), header: [r?.headers[0]?.key, r?.headers[0]?.value?.toString()], ts: r?.timestamp }, { key: 'k', value: 'v', header: ['h', 'x'], ts: 1700000000000 });
  const ours = encodeRecordBatch({ records: [{ key: 'k', value: 'v', headers: { h: 'x' }, timestamp: 1700000000000 }], producerId: -1, producerEpoch: -1, baseSequence: -1, partitionLeaderEpoch: 0 });
  assert.equal(ours.toString('hex'), hex);
});

test('stamping base offset and leader epoch leaves the CRC valid (the CRC starts at the attributes)', () => {
  const batch = encodeRecordBatch({ records, baseTimestamp: T0 });
  stampBatch(batch, 123_456_789_012, 17);
  const h = readBatchHeader(batch);
  assert.deepEqual([h.baseOffset, h.partitionLeaderEpoch], [123_456_789_012, 17]);
  assert.ok(batchCrcValid(batch));
  batch[30] ^= 1;
  assert.ok(!batchCrcValid(batch), 'a flipped byte after the CRC start is detected');
});
