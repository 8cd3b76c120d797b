import { DecodeError } from '@orderlab/kafka-protocol';
import { encodeMetadataRecord } from '../records/record-codec';
import type { MetadataRecord } from '../records/record-types';
import {
  ControlRecordType,
  SnapshotFooterRecord,
  SnapshotHeaderRecord,
  decodeControlValue,
  encodeControlValue,
} from './control-records';
import { controlTypeOf, decodeLogBatch, encodeControlBatch, encodeDataBatch, metadataRecordsOf, splitRecordBatches, type LogRecordBatch } from './log-batches';

/** Kafka's snapshot writer cuts record batches at 8 KiB (RecordsSnapshotWriter's max batch size). */
const MAX_BATCH_BYTES = 8 * 1024;
/** A record's framing in a batch (length, attributes, deltas, key, headers): a few bytes each. */
const RECORD_OVERHEAD_BYTES = 8;

/**
 * A KRaft snapshot, byte for byte in Kafka's `<endOffset>-<epoch>.checkpoint` layout: record
 * batches (epoch = the snapshot's epoch, offsets from 0) — a control batch with the
 * SnapshotHeader, data batches of metadata records, a control batch with the SnapshotFooter.
 * These bytes are the file on disk and what FetchSnapshot serves.
 */
export function encodeSnapshotFile(records: readonly MetadataRecord[], epoch: number, lastContainedLogTimestamp: number): Buffer {
  const builder = new SnapshotFileBuilder(epoch, lastContainedLogTimestamp);
  builder.add(records);
  return builder.finish();
}

/** encodeSnapshotFile a few records at a time (see imageToRecordChunks): the same bytes. */
export class SnapshotFileBuilder {
  private readonly batches: Buffer[] = [];
  private offset = 1;
  private values: Buffer[] = [];
  private bytes = 0;

  constructor(
    private readonly epoch: number,
    private readonly timestamp: number,
  ) {
    const value = encodeControlValue(SnapshotHeaderRecord, { version: 0, lastContainedLogTimestamp: timestamp });
    this.batches.push(encodeControlBatch({ baseOffset: 0, epoch, timestamp, type: ControlRecordType.SNAPSHOT_HEADER, value }));
  }

  add(records: readonly MetadataRecord[]): void {
    for (const record of records) {
      const value = encodeMetadataRecord(record);
      const size = value.length + RECORD_OVERHEAD_BYTES;
      if (this.bytes + size > MAX_BATCH_BYTES) this.flush();
      this.values.push(value);
      this.bytes += size;
    }
  }

  finish(): Buffer {
    this.flush();
    const value = encodeControlValue(SnapshotFooterRecord, { version: 0 });
    this.batches.push(encodeControlBatch({ baseOffset: this.offset, epoch: this.epoch, timestamp: this.timestamp, type: ControlRecordType.SNAPSHOT_FOOTER, value }));
    return Buffer.concat(this.batches);
  }

  private flush(): void {
    if (this.values.length === 0) return;
    this.batches.push(encodeDataBatch({ baseOffset: this.offset, epoch: this.epoch, timestamp: this.timestamp, values: this.values }));
    this.offset += this.values.length;
    this.values = [];
    this.bytes = 0;
  }
}

export interface DecodedSnapshot {
  readonly records: MetadataRecord[];
  readonly lastContainedLogTimestamp: number;
}

/** The metadata records of a snapshot; throws DecodeError unless it has its header first, footer last, and only whole batches. */
export function decodeSnapshotFile(bytes: Buffer): DecodedSnapshot {
  const batches = splitRecordBatches(bytes).map((b) => decodeLogBatch(b));
  const total = batches.reduce((n, b) => n + b.bytes.length, 0);
  if (total !== bytes.length) throw new DecodeError('DECODE.TRUNCATED', `snapshot ends with a partial batch (${bytes.length - total} bytes)`);
  const first = batches[0];
  const last = batches[batches.length - 1];
  if (!first || !last || first === last) throw new DecodeError('DECODE.TRUNCATED', 'a snapshot needs a header and a footer batch');
  if (!isControl(first, ControlRecordType.SNAPSHOT_HEADER)) throw new DecodeError('DECODE.INVALID_VALUE', 'a snapshot must start with a SnapshotHeader');
  if (!isControl(last, ControlRecordType.SNAPSHOT_FOOTER)) throw new DecodeError('DECODE.INVALID_VALUE', 'a snapshot must end with a SnapshotFooter');
  const header = decodeControlValue(SnapshotHeaderRecord, first.records[0]!.value);
  const records: MetadataRecord[] = [];
  for (const batch of batches.slice(1, -1)) {
    if (batch.control) throw new DecodeError('DECODE.INVALID_VALUE', `unexpected control batch inside a snapshot at offset ${batch.baseOffset}`);
    records.push(...metadataRecordsOf(batch));
  }
  return { records, lastContainedLogTimestamp: header.lastContainedLogTimestamp };
}

const isControl = (batch: LogRecordBatch, type: number): boolean => batch.control && controlTypeOf(batch) === type;

/** Kafka's snapshot file name: end offset in 20 digits, epoch in 10, `.checkpoint`. */
export function snapshotFileName(endOffset: number, epoch: number): string {
  return `${String(endOffset).padStart(20, '0')}-${String(epoch).padStart(10, '0')}.checkpoint`;
}

export function parseSnapshotFileName(name: string): { endOffset: number; epoch: number } | undefined {
  const m = /^(\d{20})-(\d{10})\.checkpoint$/.exec(name);
  return m ? { endOffset: Number(m[1]), epoch: Number(m[2]) } : undefined;
}
