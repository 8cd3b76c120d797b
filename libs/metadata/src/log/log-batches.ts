import { ATTR, BATCH, DecodeError, batchCrcValid, batchSizeAt, compressionOf, decodeBatchRecords, encodeRecordBatch, readBatchHeader, type BatchRecord, type Decompressors } from '@orderlab/kafka-protocol';
import { decodeMetadataRecord } from '../records/record-codec';
import type { MetadataRecord } from '../records/record-types';
import { decodeControlKey, encodeControlKey, type ControlRecordTypeNumber } from './control-records';

/**
 * Record batches of the `__cluster_metadata` log as KRaft writes them: RecordBatch v2 whose
 * partitionLeaderEpoch is the Raft epoch; data batches carry framed metadata records as values
 * (no keys); control batches (attribute bit 5) carry one control record. This is what a Fetch of
 * `__cluster_metadata-0` returns and what the controller's log segments hold.
 */
export interface LogRecordBatch {
  readonly baseOffset: number;
  /** The Raft epoch (the batch's partitionLeaderEpoch). */
  readonly epoch: number;
  readonly control: boolean;
  readonly records: readonly BatchRecord[];
  /** The batch's bytes, as stored and fetched. */
  readonly bytes: Buffer;
}

export interface DataBatchInput {
  readonly baseOffset: number;
  readonly epoch: number;
  readonly timestamp: number;
  readonly values: readonly Buffer[];
}

export function encodeDataBatch(b: DataBatchInput): Buffer {
  return encodeRecordBatch({ baseOffset: b.baseOffset, partitionLeaderEpoch: b.epoch, baseTimestamp: b.timestamp, records: b.values.map((value) => ({ value })) });
}

export interface ControlBatchInput {
  readonly baseOffset: number;
  readonly epoch: number;
  readonly timestamp: number;
  readonly type: ControlRecordTypeNumber;
  readonly value: Buffer;
}

export function encodeControlBatch(b: ControlBatchInput): Buffer {
  return encodeRecordBatch({
    baseOffset: b.baseOffset,
    partitionLeaderEpoch: b.epoch,
    baseTimestamp: b.timestamp,
    attributes: ATTR.CONTROL,
    records: [{ key: encodeControlKey(b.type), value: b.value }],
  });
}

/**
 * The whole batches in `bytes`, in order. A fetch may end with a partial batch (maxBytes cut
 * it): it is left out, as Kafka's readers do. Anything else malformed throws DecodeError.
 */
export function splitRecordBatches(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; ) {
    const size = batchSizeAt(bytes, at);
    if (size < 0 || at + size > bytes.length) break;
    if (size < BATCH.HEADER_SIZE) throw new DecodeError('DECODE.TRUNCATED', `record batch at byte ${at} is ${size} bytes`);
    out.push(bytes.subarray(at, at + size));
    at += size;
  }
  return out;
}

/** One batch, checked: magic 2 and a valid CRC (a corrupt batch must not be applied). */
export function decodeLogBatch(batch: Buffer, decompressors: Decompressors = {}): LogRecordBatch {
  const h = readBatchHeader(batch);
  if (h.magic !== 2) throw new DecodeError('DECODE.UNSUPPORTED_VERSION', `record batch magic ${h.magic}`);
  if (!batchCrcValid(batch)) throw new DecodeError('DECODE.INVALID_VALUE', `record batch at offset ${h.baseOffset} fails its CRC`);
  const records = decodeBatchRecords(batch, decompressors);
  if (records.length !== h.lastOffsetDelta + 1) {
    throw new DecodeError('DECODE.INVALID_VALUE', `record batch at offset ${h.baseOffset} holds ${records.length} records for ${h.lastOffsetDelta + 1} offsets`);
  }
  const control = (h.attributes & ATTR.CONTROL) !== 0;
  if (control && compressionOf(h.attributes) !== 0) throw new DecodeError('DECODE.INVALID_VALUE', 'a compressed control batch');
  return { baseOffset: h.baseOffset, epoch: h.partitionLeaderEpoch, control, records, bytes: batch };
}

/** The metadata records of a data batch ([] for a control batch). Throws DecodeError. */
export function metadataRecordsOf(batch: LogRecordBatch): MetadataRecord[] {
  if (batch.control) return [];
  return batch.records.map((r, i) => {
    if (r.value === null) throw new DecodeError('DECODE.NULL_NOT_ALLOWED', `metadata record at offset ${batch.baseOffset + i} has no value`);
    return decodeMetadataRecord(r.value);
  });
}

/** The control type of a control batch's record. */
export function controlTypeOf(batch: LogRecordBatch): number {
  const first = batch.records[0];
  if (!batch.control || !first) throw new DecodeError('DECODE.INVALID_VALUE', `batch at offset ${batch.baseOffset} is not a control batch`);
  return decodeControlKey(first.key);
}
