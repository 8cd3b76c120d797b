import { DecodeError } from '../primitives/codec-errors';
import { crc32c } from '../primitives/crc32c';
import { Reader } from '../primitives/reader';
import { Writer } from '../primitives/writer';

/**
 * RecordBatch v2 (magic 2). Layout offsets from the batch start; see kafka-protocol.md §3.
 * The CRC covers bytes [21, end), so the broker may stamp baseOffset (0) and
 * partitionLeaderEpoch (12) without recomputing it.
 */
export const BATCH = {
  BASE_OFFSET: 0,
  LENGTH: 8,
  LEADER_EPOCH: 12,
  MAGIC: 16,
  CRC: 17,
  ATTRIBUTES: 21,
  LAST_OFFSET_DELTA: 23,
  BASE_TIMESTAMP: 27,
  MAX_TIMESTAMP: 35,
  PRODUCER_ID: 43,
  PRODUCER_EPOCH: 51,
  BASE_SEQUENCE: 53,
  RECORDS_COUNT: 57,
  HEADER_SIZE: 61,
  /** Bytes before the batchLength count starts: baseOffset + batchLength. */
  LOG_OVERHEAD: 12,
} as const;

export const CompressionType = { None: 0, Gzip: 1, Snappy: 2, Lz4: 3, Zstd: 4 } as const;
export type CompressionTypeNumber = (typeof CompressionType)[keyof typeof CompressionType];

export const ATTR = {
  COMPRESSION_MASK: 0x07,
  TIMESTAMP_TYPE: 0x08,
  TRANSACTIONAL: 0x10,
  CONTROL: 0x20,
} as const;

export interface BatchHeader {
  readonly baseOffset: number;
  readonly batchLength: number;
  readonly partitionLeaderEpoch: number;
  readonly magic: number;
  readonly crc: number;
  readonly attributes: number;
  readonly lastOffsetDelta: number;
  readonly baseTimestamp: number;
  readonly maxTimestamp: number;
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  readonly recordsCount: number;
}

/** Size in bytes of the whole batch starting at `at` (batchLength + 12), or -1 if fewer than 12 bytes remain. */
export function batchSizeAt(buf: Buffer, at = 0): number {
  if (buf.length - at < BATCH.LOG_OVERHEAD) return -1;
  return buf.readInt32BE(at + BATCH.LENGTH) + BATCH.LOG_OVERHEAD;
}

export function readBatchHeader(buf: Buffer, at = 0): BatchHeader {
  if (buf.length - at < BATCH.HEADER_SIZE) {
    throw new DecodeError('DECODE.TRUNCATED', `record batch header needs ${BATCH.HEADER_SIZE} bytes, have ${buf.length - at}`);
  }
  const r = new Reader(buf, at, at + BATCH.HEADER_SIZE);
  return {
    baseOffset: r.int64(),
    batchLength: r.int32(),
    partitionLeaderEpoch: r.int32(),
    magic: r.int8(),
    crc: r.uint32(),
    attributes: r.int16(),
    lastOffsetDelta: r.int32(),
    baseTimestamp: r.int64(),
    maxTimestamp: r.int64(),
    producerId: r.int64(),
    producerEpoch: r.int16(),
    baseSequence: r.int32(),
    recordsCount: r.int32(),
  };
}

export function compressionOf(attributes: number): number {
  return attributes & ATTR.COMPRESSION_MASK;
}

/** CRC-32C over [21, end) of one batch, compared with the stored value. */
export function batchCrcValid(batch: Buffer): boolean {
  if (batch.length < BATCH.HEADER_SIZE) return false;
  return crc32c(batch.subarray(BATCH.ATTRIBUTES)) === batch.readUInt32BE(BATCH.CRC);
}

/** Write the broker-assigned fields in place; neither is covered by the CRC. */
export function stampBatch(batch: Buffer, baseOffset: number, partitionLeaderEpoch: number): void {
  const hi = Math.floor(baseOffset / 4294967296);
  batch.writeInt32BE(hi, BATCH.BASE_OFFSET);
  batch.writeUInt32BE(baseOffset - hi * 4294967296, BATCH.BASE_OFFSET + 4);
  batch.writeInt32BE(partitionLeaderEpoch, BATCH.LEADER_EPOCH);
}

export interface RecordHeader {
  readonly key: string;
  readonly value: Buffer | null;
}

export interface BatchRecord {
  readonly offset: number;
  readonly timestamp: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly RecordHeader[];
}

/** Decompressors by compression type; the codec stays free of I/O modules, so callers bring them. */
export type Decompressors = Partial<Record<number, (compressed: Buffer) => Buffer>>;

/** Decode the records of one batch (whole batch bytes). Throws DecodeError on malformed content. */
export function decodeBatchRecords(batch: Buffer, decompressors: Decompressors = {}): BatchRecord[] {
  const h = readBatchHeader(batch);
  const end = h.batchLength + BATCH.LOG_OVERHEAD;
  if (end > batch.length) throw new DecodeError('DECODE.TRUNCATED', 'record batch shorter than its length');
  const codec = compressionOf(h.attributes);
  let body = batch.subarray(BATCH.HEADER_SIZE, end);
  if (codec !== CompressionType.None) {
    const decompress = decompressors[codec];
    if (!decompress) throw new DecodeError('DECODE.INVALID_VALUE', `no decompressor for compression type ${codec}`);
    try {
      body = decompress(body);
    } catch (e) {
      throw new DecodeError('DECODE.INVALID_VALUE', `cannot decompress batch: ${(e as Error).message}`);
    }
  }
  if (h.recordsCount < 0 || h.recordsCount > body.length) {
    throw new DecodeError('DECODE.LENGTH_TOO_LARGE', `records count ${h.recordsCount} in ${body.length} bytes`);
  }
  const r = new Reader(body);
  const out: BatchRecord[] = [];
  for (let i = 0; i < h.recordsCount; i++) out.push(readRecord(r, h));
  return out;
}

function readRecord(r: Reader, h: BatchHeader): BatchRecord {
  const length = r.varint();
  if (length < 0 || length > r.remaining()) throw new DecodeError('DECODE.LENGTH_TOO_LARGE', `record length ${length}`);
  const rr = new Reader(r.buf, r.offset, r.offset + length);
  r.offset += length;
  rr.int8(); // attributes, unused
  const timestampDelta = rr.varlong();
  const offsetDelta = rr.varint();
  const key = varBytes(rr);
  const value = varBytes(rr);
  const headerCount = rr.varint();
  if (headerCount < 0 || headerCount > rr.remaining()) throw new DecodeError('DECODE.LENGTH_TOO_LARGE', `header count ${headerCount}`);
  const headers: RecordHeader[] = [];
  for (let i = 0; i < headerCount; i++) {
    const k = varBytes(rr);
    if (k === null) throw new DecodeError('DECODE.NULL_NOT_ALLOWED', 'record header key is null');
    headers.push({ key: k.toString('utf8'), value: varBytes(rr) });
  }
  return { offset: h.baseOffset + offsetDelta, timestamp: h.baseTimestamp + timestampDelta, key, value, headers };
}

function varBytes(r: Reader): Buffer | null {
  const len = r.varint();
  if (len === -1) return null;
  return r.raw(len);
}

export interface RecordInput {
  readonly key?: Buffer | string | null;
  readonly value: Buffer | string | null;
  readonly headers?: Readonly<Record<string, Buffer | string | null>>;
  readonly timestamp?: number;
}

export interface BatchInput {
  readonly records: readonly RecordInput[];
  readonly baseOffset?: number;
  readonly partitionLeaderEpoch?: number;
  readonly attributes?: number;
  readonly baseTimestamp?: number;
  readonly producerId?: number;
  readonly producerEpoch?: number;
  readonly baseSequence?: number;
  /** Compress the records section; required when attributes name a compression type. */
  readonly compress?: (records: Buffer) => Buffer;
}

/** Build an uncompressed (or caller-compressed) RecordBatch v2 with a valid CRC. */
export function encodeRecordBatch(input: BatchInput): Buffer {
  const baseTimestamp = input.baseTimestamp ?? input.records[0]?.timestamp ?? 0;
  let maxTimestamp = baseTimestamp;
  const body = new Writer(64 + input.records.length * 32);
  input.records.forEach((rec, i) => {
    const ts = rec.timestamp ?? baseTimestamp;
    if (ts > maxTimestamp) maxTimestamp = ts;
    writeRecord(body, rec, i, ts - baseTimestamp);
  });
  let records = body.toBuffer();
  if (compressionOf(input.attributes ?? 0) !== CompressionType.None) {
    if (!input.compress) throw new Error('compressed batch needs a compress function');
    records = input.compress(records);
  }
  const w = new Writer(BATCH.HEADER_SIZE + records.length);
  w.int64(input.baseOffset ?? 0);
  w.int32(BATCH.HEADER_SIZE - BATCH.LOG_OVERHEAD + records.length);
  w.int32(input.partitionLeaderEpoch ?? -1);
  w.int8(2);
  const crcAt = w.reserveInt32();
  w.int16(input.attributes ?? 0);
  w.int32(Math.max(0, input.records.length - 1));
  w.int64(baseTimestamp);
  w.int64(maxTimestamp);
  w.int64(input.producerId ?? -1);
  w.int16(input.producerEpoch ?? -1);
  w.int32(input.baseSequence ?? -1);
  w.int32(input.records.length);
  const out = Buffer.concat([w.toBuffer(), records]);
  out.writeUInt32BE(crc32c(out.subarray(BATCH.ATTRIBUTES)), crcAt);
  return out;
}

function toBytes(v: Buffer | string | null | undefined): Buffer | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? Buffer.from(v) : v;
}

function writeRecord(w: Writer, rec: RecordInput, offsetDelta: number, timestampDelta: number): void {
  const inner = new Writer(64);
  inner.int8(0).varlong(timestampDelta).varint(offsetDelta);
  writeVarBytes(inner, toBytes(rec.key));
  writeVarBytes(inner, toBytes(rec.value));
  const headers = Object.entries(rec.headers ?? {});
  inner.varint(headers.length);
  for (const [k, v] of headers) {
    writeVarBytes(inner, Buffer.from(k));
    writeVarBytes(inner, toBytes(v));
  }
  const bytes = inner.toBuffer();
  w.varint(bytes.length).raw(bytes);
}

function writeVarBytes(w: Writer, v: Buffer | null): void {
  if (v === null) w.varint(-1);
  else w.varint(v.length).raw(v);
}
