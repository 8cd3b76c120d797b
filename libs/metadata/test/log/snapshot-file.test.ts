import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ControlRecordType, SnapshotFileBuilder, controlTypeOf, decodeLogBatch, decodeSnapshotFile, encodeSnapshotFile, imageToRecordChunks, imageToRecords, parseSnapshotFileName, snapshotFileName, splitRecordBatches } from '../../src';
import { sampleImage } from '../kit';

test('a snapshot is header batch, data batches (offsets from 1, epoch of the snapshot), footer batch', () => {
  const records = imageToRecords(sampleImage());
  const bytes = encodeSnapshotFile(records, 7, 1234);
  const batches = splitRecordBatches(bytes).map((b) => decodeLogBatch(b));
  assert.equal(controlTypeOf(batches[0]!), ControlRecordType.SNAPSHOT_HEADER);
  assert.equal(controlTypeOf(batches[batches.length - 1]!), ControlRecordType.SNAPSHOT_FOOTER);
  assert.deepEqual(batches.map((b) => b.epoch), batches.map(() => 7));
  assert.equal(batches[1]!.baseOffset, 1);
  const decoded = decodeSnapshotFile(bytes);
  assert.equal(decoded.lastContainedLogTimestamp, 1234);
  assert.deepEqual(decoded.records, records);
});

test('many records are cut into batches of at most 8 KiB', () => {
  const one = imageToRecords(sampleImage())[0]!;
  const records = Array.from({ length: 3000 }, () => one);
  const batches = splitRecordBatches(encodeSnapshotFile(records, 1, 0));
  assert.ok(batches.length > 3);
  assert.ok(batches.every((b) => b.length < 9 * 1024));
  assert.equal(decodeSnapshotFile(Buffer.concat(batches)).records.length, 3000);
});

test('a snapshot without its footer, or cut short, is refused', () => {
  const bytes = encodeSnapshotFile(imageToRecords(sampleImage()), 1, 0);
  const batches = splitRecordBatches(bytes);
  assert.throws(() => decodeSnapshotFile(Buffer.concat(batches.slice(0, -1))), /SnapshotFooter/);
  assert.throws(() => decodeSnapshotFile(bytes.subarray(0, bytes.length - 5)), /partial batch|SnapshotFooter/);
  assert.throws(() => decodeSnapshotFile(Buffer.alloc(0)), /header and a footer/);
});

test('file names are Kafka\'s <endOffset 20 digits>-<epoch 10 digits>.checkpoint', () => {
  assert.equal(snapshotFileName(1234, 5), '00000000000000001234-0000000005.checkpoint');
  assert.deepEqual(parseSnapshotFileName('00000000000000001234-0000000005.checkpoint'), { endOffset: 1234, epoch: 5 });
  assert.equal(parseSnapshotFileName('00000000000000001234.log'), undefined);
});

test('a snapshot built a chunk at a time is byte for byte the one built at once', () => {
  const image = sampleImage();
  const builder = new SnapshotFileBuilder(3, 77);
  let chunks = 0;
  for (const chunk of imageToRecordChunks(image, 2)) {
    builder.add(chunk);
    chunks++;
  }
  assert.ok(chunks > 2);
  assert.deepEqual(builder.finish(), encodeSnapshotFile(imageToRecords(image), 3, 77));
});
