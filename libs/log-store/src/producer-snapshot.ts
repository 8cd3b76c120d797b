import { Reader, Writer, crc32c } from '@orderlab/kafka-protocol';
import type { ProducerEntry } from './producer-state';

/**
 * The `<offset>.snapshot` file: the producer state as of `offset` (every batch below it
 * applied), so a restart replays only the log after it. Layout, big-endian:
 *   version int16 (1), crc uint32 (CRC-32C of everything after it), count int32, then per
 *   producer: producerId int64, epoch int16, lastTimestamp int64, batches int8, and per
 *   retained batch firstSeq int32, lastSeq int32, baseOffset int64, timestamp int64.
 * Kafka's snapshot holds the same facts in its own schema (and only the last batch).
 */
const VERSION = 1;
const CRC_AT = 2;
const BODY_AT = 6;

export function encodeProducerSnapshot(entries: readonly ProducerEntry[]): Buffer {
  const w = new Writer(BODY_AT + 4 + entries.length * 64);
  w.int16(VERSION);
  w.uint32(0);
  w.int32(entries.length);
  for (const e of entries) {
    w.int64(e.producerId).int16(e.epoch).int64(e.lastTimestamp).int8(e.batches.length);
    for (const b of e.batches) w.int32(b.firstSeq).int32(b.lastSeq).int64(b.baseOffset).int64(b.timestamp);
  }
  const out = w.toBuffer();
  out.writeUInt32BE(crc32c(out.subarray(BODY_AT)), CRC_AT);
  return out;
}

/** The entries of a snapshot, or null when it is torn, corrupt or of an unknown version. */
export function decodeProducerSnapshot(bytes: Buffer): ProducerEntry[] | null {
  if (bytes.length < BODY_AT + 4 || bytes.readInt16BE(0) !== VERSION) return null;
  if (bytes.readUInt32BE(CRC_AT) !== crc32c(bytes.subarray(BODY_AT))) return null;
  try {
    const r = new Reader(bytes, BODY_AT);
    const count = r.int32();
    const out: ProducerEntry[] = [];
    for (let i = 0; i < count; i++) {
      const producerId = r.int64();
      const epoch = r.int16();
      const lastTimestamp = r.int64();
      const n = r.int8();
      const batches = Array.from({ length: n }, () => ({ firstSeq: r.int32(), lastSeq: r.int32(), baseOffset: r.int64(), timestamp: r.int64() }));
      out.push({ producerId, epoch, lastTimestamp, batches });
    }
    return r.remaining() === 0 ? out : null;
  } catch {
    return null;
  }
}
