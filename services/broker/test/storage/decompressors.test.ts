import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { CompressionType } from '@orderlab/kafka-protocol';
import { compress as lz4Compress } from 'lz4js';
import { compress as snappyCompress } from 'snappyjs';
import { BATCH_DECOMPRESSORS } from '../../src/storage/decompressors';

const text = Buffer.from('the records section of a batch, '.repeat(40));
const decompress = (type: number, b: Buffer): Buffer => (BATCH_DECOMPRESSORS[type] as (c: Buffer) => Buffer)(b);

test('gzip, lz4 (frame) and raw snappy round-trip', () => {
  assert.deepEqual(decompress(CompressionType.Gzip, gzipSync(text)), text);
  assert.deepEqual(decompress(CompressionType.Lz4, Buffer.from(lz4Compress(text))), text);
  assert.deepEqual(decompress(CompressionType.Snappy, Buffer.from(snappyCompress(text))), text);
});

test('snappy in xerial framing (Java producers), across several blocks', () => {
  const header = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
  const halves = [text.subarray(0, 500), text.subarray(500)];
  const blocks = halves.map((h) => {
    const c = Buffer.from(snappyCompress(h));
    const len = Buffer.alloc(4);
    len.writeInt32BE(c.length);
    return Buffer.concat([len, c]);
  });
  assert.deepEqual(decompress(CompressionType.Snappy, Buffer.concat([header, ...blocks])), text);
  assert.throws(() => decompress(CompressionType.Snappy, Buffer.concat([header, Buffer.from([0, 0, 0x10, 0])]) ), /overruns/);
});

test('zstd: a frame made by the zstd command line tool ("hi\\n")', () => {
  assert.equal(decompress(CompressionType.Zstd, Buffer.from('28b52ffd04581900006869 0a343d5092'.replace(/ /g, ''), 'hex')).toString(), 'hi\n');
});

test('garbage is an error, never a crash', () => {
  for (const type of [CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd]) {
    assert.throws(() => decompress(type, Buffer.from('definitely not compressed')), Error, `codec ${type}`);
  }
});
