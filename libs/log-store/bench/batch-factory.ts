import { BATCH, crc32c, encodeRecordBatch } from '@orderlab/kafka-protocol';

/**
 * Idempotent-producer batches of a fixed shape, made by patching one encoded template:
 * producer id, sequence and timestamps change per batch and the CRC is recomputed, so every
 * batch is valid for recovery and producer state without encoding records again.
 */
export class BatchFactory {
  private readonly template: Buffer;
  readonly recordsPerBatch: number;

  constructor(recordsPerBatch: number, valueBytes: number) {
    this.recordsPerBatch = recordsPerBatch;
    const value = Buffer.alloc(valueBytes, 'x');
    this.template = encodeRecordBatch({
      records: Array.from({ length: recordsPerBatch }, () => ({ value })),
      baseTimestamp: 0,
      producerId: 0,
      producerEpoch: 0,
      baseSequence: 0,
    });
  }

  get batchBytes(): number {
    return this.template.length;
  }

  next(producerId: number, baseSequence: number, timestamp: number): Buffer {
    const b = Buffer.from(this.template);
    writeInt64(b, BATCH.BASE_TIMESTAMP, timestamp);
    writeInt64(b, BATCH.MAX_TIMESTAMP, timestamp);
    writeInt64(b, BATCH.PRODUCER_ID, producerId);
    b.writeInt32BE(baseSequence, BATCH.BASE_SEQUENCE);
    b.writeUInt32BE(crc32c(b.subarray(BATCH.ATTRIBUTES)), BATCH.CRC);
    return b;
  }
}

function writeInt64(b: Buffer, at: number, v: number): void {
  const hi = Math.floor(v / 4294967296);
  b.writeInt32BE(hi, at);
  b.writeUInt32BE(v - hi * 4294967296, at + 4);
}
