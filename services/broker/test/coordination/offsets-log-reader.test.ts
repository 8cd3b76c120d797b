import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { ATTR, CompressionType, encodeOffsetsRecord, encodeRecordBatch, groupOffsetsPartition } from '@orderlab/kafka-protocol';
import { readOffsetsLog } from '../../src/coordination/offsets-log-reader';

const PARTITIONS = 50;
const home = groupOffsetsPartition('g', PARTITIONS);
const commit = (group: string, offset: number) =>
  encodeOffsetsRecord({ key: { type: 'offset', group, topic: 't', partition: 0 }, value: { offset, leaderEpoch: -1, metadata: '', commitTimestamp: 1 } });
const read = (chunks: Buffer[], fromOffset = 0) => readOffsetsLog({ partition: home, partitionCount: PARTITIONS, fromOffset, chunks });
const elsewhere = ['a', 'b', 'c', 'd'].find((g) => groupOffsetsPartition(g, PARTITIONS) !== home) as string;

test('records of every batch are read in order, compressed ones too', () => {
  const chunk = Buffer.concat([
    encodeRecordBatch({ baseOffset: 0, records: [commit('g', 1), commit('g', 2)] }),
    encodeRecordBatch({ baseOffset: 2, attributes: CompressionType.Gzip, compress: (b) => gzipSync(b), records: [commit('g', 3)] }),
  ]);
  const { records, unreadable } = read([chunk]);
  assert.deepEqual(records.map((r) => (r.kind === 'offset' ? r.value?.offset : -1)), [1, 2, 3]);
  assert.deepEqual(unreadable, []);
});

test('unreadable batches and records are reported with their offsets and skipped; the rest loads', () => {
  const chunk = Buffer.concat([
    encodeRecordBatch({ baseOffset: 0, attributes: CompressionType.Gzip, compress: () => Buffer.from('nope'), records: [commit('g', 1)] }),
    encodeRecordBatch({ baseOffset: 1, records: [{ key: Buffer.from([0, 1, 0, 9]), value: null }, { key: null, value: Buffer.from('v') }, commit(elsewhere, 7), commit('g', 4)] }),
  ]);
  const { records, unreadable } = read([chunk]);
  assert.equal(records.length, 1);
  assert.deepEqual(unreadable.map((u) => u.offset), [0, 1, 2, 3]);
  assert.match(unreadable[0]?.reason ?? '', /decompress/);
  assert.match(unreadable[3]?.reason ?? '', new RegExp(`group ${elsewhere} belongs to partition`));
});

test('records below the log start offset, control batches and a truncated tail are not loaded', () => {
  const chunk = Buffer.concat([
    encodeRecordBatch({ baseOffset: 0, records: [commit('g', 1), commit('g', 2)] }),
    encodeRecordBatch({ baseOffset: 2, attributes: ATTR.CONTROL, records: [{ key: Buffer.from([0, 0, 0, 1]), value: Buffer.from([0, 0, 0, 0, 0, 0]) }] }),
  ]);
  const torn = encodeRecordBatch({ baseOffset: 3, records: [commit('g', 9)] }).subarray(0, 30);
  const { records, unreadable } = read([Buffer.concat([chunk, torn])], 1);
  assert.deepEqual(records.map((r) => (r.kind === 'offset' ? r.value?.offset : -1)), [2]);
  assert.deepEqual(unreadable, [{ offset: 3, reason: 'truncated batch' }]);
});
