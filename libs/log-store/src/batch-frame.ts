import { crc32c } from '@node-rs/crc32';

/**
 * The little the store must know of a RecordBatch v2 to keep a log: where a batch ends,
 * its offsets and timestamps, and whether its bytes are intact. The store never decodes
 * records (the codec lives in libs/kafka-protocol).
 */
export const BATCH_HEADER_SIZE = 61;
const LOG_OVERHEAD = 12;

export interface BatchFrame {
  readonly baseOffset: number;
  readonly size: number;
  readonly lastOffset: number;
  readonly maxTimestamp: number;
  readonly partitionLeaderEpoch: number;
  readonly attributes: number;
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly baseSequence: number;
}

function int64(buf: Buffer, at: number): number {
  return buf.readInt32BE(at) * 4294967296 + buf.readUInt32BE(at + 4);
}

/** Total size of the batch at `at` (batchLength + 12), or -1 when its length field is not there. */
export function frameSize(buf: Buffer, at: number): number {
  if (buf.length - at < LOG_OVERHEAD) return -1;
  return buf.readInt32BE(at + 8) + LOG_OVERHEAD;
}

/** Header fields of the batch at `at`; the caller made sure the header is inside `buf`. */
export function readFrame(buf: Buffer, at: number): BatchFrame {
  const baseOffset = int64(buf, at);
  return {
    baseOffset,
    size: buf.readInt32BE(at + 8) + LOG_OVERHEAD,
    partitionLeaderEpoch: buf.readInt32BE(at + 12),
    attributes: buf.readInt16BE(at + 21),
    lastOffset: baseOffset + buf.readInt32BE(at + 23),
    maxTimestamp: int64(buf, at + 35),
    producerId: int64(buf, at + 43),
    producerEpoch: buf.readInt16BE(at + 51),
    baseSequence: buf.readInt32BE(at + 53),
  };
}

/** A batch is intact when its length is sane, it fits, its magic is 2 and its CRC-32C matches. */
export function frameIntact(buf: Buffer, at: number): boolean {
  const size = frameSize(buf, at);
  if (size < BATCH_HEADER_SIZE || at + size > buf.length) return false;
  if (buf[at + 16] !== 2) return false;
  return (crc32c(buf.subarray(at + 21, at + size)) >>> 0) === buf.readUInt32BE(at + 17);
}

export function stampFrame(batch: Buffer, baseOffset: number, leaderEpoch: number): void {
  const hi = Math.floor(baseOffset / 4294967296);
  batch.writeInt32BE(hi, 0);
  batch.writeUInt32BE(baseOffset - hi * 4294967296, 4);
  batch.writeInt32BE(leaderEpoch, 12);
}
