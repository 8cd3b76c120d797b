import { gunzipSync } from 'node:zlib';
import { CompressionType, type Decompressors } from '@orderlab/kafka-protocol';
import { decompress as zstdDecompress } from 'fzstd';
import { decompress as lz4Decompress } from 'lz4js';
import { uncompress as snappyUncompress } from 'snappyjs';

/**
 * Bound on one batch's decompressed records section. Kafka's record batches are at most
 * message.max.bytes compressed; a ratio beyond this is a decompression bomb, not data.
 */
export const MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;

/** Java clients (snappy-java's SnappyOutputStream) frame snappy as xerial blocks; librdkafka may send it raw. */
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_BYTES = 16;

function snappy(compressed: Buffer): Buffer {
  if (compressed.length < XERIAL_HEADER_BYTES || !compressed.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC)) {
    return Buffer.from(snappyUncompress(compressed, MAX_DECOMPRESSED_BYTES));
  }
  const blocks: Buffer[] = [];
  let total = 0;
  for (let at = XERIAL_HEADER_BYTES; at < compressed.length; ) {
    if (at + 4 > compressed.length) throw new Error('truncated xerial snappy block length');
    const length = compressed.readInt32BE(at);
    if (length < 0 || at + 4 + length > compressed.length) throw new Error(`xerial snappy block of ${length} bytes overruns the batch`);
    const block = Buffer.from(snappyUncompress(compressed.subarray(at + 4, at + 4 + length), MAX_DECOMPRESSED_BYTES - total));
    total += block.length;
    blocks.push(block);
    at += 4 + length;
  }
  return Buffer.concat(blocks);
}

/** Kafka's lz4 is the LZ4 frame format (magic v2 batches; the broken v0 header checksum is long gone). */
function lz4(compressed: Buffer): Buffer {
  return Buffer.from(lz4Decompress(compressed, MAX_DECOMPRESSED_BYTES));
}

function zstd(compressed: Buffer): Buffer {
  const out = zstdDecompress(compressed);
  if (out.length > MAX_DECOMPRESSED_BYTES) throw new Error(`zstd batch decompresses to more than ${MAX_DECOMPRESSED_BYTES} bytes`);
  return Buffer.from(out.buffer, out.byteOffset, out.length);
}

function gzip(compressed: Buffer): Buffer {
  return gunzipSync(compressed, { maxOutputLength: MAX_DECOMPRESSED_BYTES });
}

/** Every codec Kafka's RecordBatch v2 can carry, for the codec's decodeBatchRecords. */
export const BATCH_DECOMPRESSORS: Decompressors = {
  [CompressionType.Gzip]: gzip,
  [CompressionType.Snappy]: snappy,
  [CompressionType.Lz4]: lz4,
  [CompressionType.Zstd]: zstd,
};
