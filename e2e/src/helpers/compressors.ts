import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { CompressionType } from '@orderlab/kafka-protocol';
import { compress as snappyCompress } from 'snappyjs';

/** Whether a command-line compressor (Debian packages lz4, zstd) is installed. */
export function toolAvailable(tool: string): boolean {
  return spawnSync(tool, ['--version'], { encoding: 'utf8' }).status === 0;
}

/** The reference implementations compress, so the broker's decoders are checked against them. */
function viaTool(tool: string): (records: Buffer) => Buffer {
  return (records) => {
    const r = spawnSync(tool, ['-c', '-q'], { input: records });
    if (r.status !== 0) throw new Error(`${tool} failed: ${r.stderr.toString()}`);
    return r.stdout;
  };
}

/** snappy-java's xerial framing, as Java producers write it: magic, version 1, compatible 1, then length-prefixed blocks. */
function xerialSnappy(records: Buffer): Buffer {
  const header = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
  const block = Buffer.from(snappyCompress(records));
  const length = Buffer.alloc(4);
  length.writeInt32BE(block.length);
  return Buffer.concat([header, length, block]);
}

export interface Codec {
  readonly name: string;
  readonly type: number;
  readonly compress: (records: Buffer) => Buffer;
}

/** One compressor per codec a RecordBatch can carry (snappy both raw, as librdkafka sends it, and xerial-framed). */
export const CODECS: readonly Codec[] = [
  { name: 'gzip', type: CompressionType.Gzip, compress: (b) => gzipSync(b) },
  { name: 'snappy', type: CompressionType.Snappy, compress: (b) => Buffer.from(snappyCompress(b)) },
  { name: 'snappy-xerial', type: CompressionType.Snappy, compress: xerialSnappy },
  { name: 'lz4', type: CompressionType.Lz4, compress: viaTool('lz4') },
  { name: 'zstd', type: CompressionType.Zstd, compress: viaTool('zstd') },
];
