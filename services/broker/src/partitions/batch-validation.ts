import {
  ATTR,
  BATCH,
  ErrorCode,
  batchCrcValid,
  batchSizeAt,
  readBatchHeader,
  type BatchHeader,
} from '@orderlab/kafka-protocol';

export type BatchValidation =
  | { readonly ok: true; readonly header: BatchHeader }
  | { readonly ok: false; readonly errorCode: number; readonly message: string };

const reject = (errorCode: number, message: string): BatchValidation => ({ ok: false, errorCode, message });

/**
 * The leader's checks on a produced partition payload (Kafka's LogValidator for magic 2):
 * exactly one batch, sane framing, valid CRC, consistent counts, no control batch.
 * Nothing is written unless every check passes.
 */
export function validateProducedBatch(records: Buffer | null, maxMessageBytes: number): BatchValidation {
  if (records === null || records.length === 0) return reject(ErrorCode.INVALID_RECORD, 'produce request has no records');
  if (records.length < BATCH.HEADER_SIZE) return reject(ErrorCode.CORRUPT_MESSAGE, `record batch of ${records.length} bytes is shorter than its header`);
  if (records[BATCH.MAGIC] !== 2) return reject(ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT, `record batch magic ${records[BATCH.MAGIC]} is not supported; only v2`);
  const size = batchSizeAt(records, 0);
  if (size !== records.length) {
    return size < records.length
      ? reject(ErrorCode.INVALID_RECORD, 'Produce requests with version 3+ must contain exactly one record batch')
      : reject(ErrorCode.CORRUPT_MESSAGE, `record batch claims ${size} bytes but ${records.length} arrived`);
  }
  if (size > maxMessageBytes) return reject(ErrorCode.MESSAGE_TOO_LARGE, `record batch of ${size} bytes exceeds max.message.bytes ${maxMessageBytes}`);
  if (!batchCrcValid(records)) return reject(ErrorCode.CORRUPT_MESSAGE, 'record batch CRC mismatch');
  const header = readBatchHeader(records);
  return checkHeader(header);
}

function checkHeader(h: BatchHeader): BatchValidation {
  if (h.recordsCount <= 0 || h.lastOffsetDelta + 1 !== h.recordsCount) {
    return reject(ErrorCode.INVALID_RECORD, `lastOffsetDelta ${h.lastOffsetDelta} does not match records count ${h.recordsCount}`);
  }
  if ((h.attributes & ATTR.CONTROL) !== 0) return reject(ErrorCode.INVALID_RECORD, 'clients may not produce control batches');
  if ((h.attributes & ATTR.TIMESTAMP_TYPE) !== 0) return reject(ErrorCode.INVALID_TIMESTAMP, 'LogAppendTime batches from clients are not supported');
  if (h.producerId >= 0 && h.baseSequence < 0) return reject(ErrorCode.INVALID_RECORD, 'idempotent batch without a base sequence');
  if ((h.attributes & ATTR.TRANSACTIONAL) !== 0) {
    return reject(ErrorCode.INVALID_TXN_STATE, 'transactional batches need a transaction (AddPartitionsToTxn), which this broker does not offer yet');
  }
  return { ok: true, header: h };
}
