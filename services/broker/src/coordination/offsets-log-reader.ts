import { ATTR, BATCH, batchSizeAt, decodeBatchRecords, groupOffsetsPartition, readBatchHeader } from '@orderlab/kafka-protocol';
import type { GroupRecord } from '../groups';
import { BATCH_DECOMPRESSORS } from '../storage/decompressors';
import { fromKafkaRecord } from './group-records-codec';

export interface OffsetsLogSource {
  /** Which __consumer_offsets partition this is, and how many the topic has (to check each record's group belongs here). */
  readonly partition: number;
  readonly partitionCount: number;
  /** Records below this offset were deleted (a batch read whole may start before it). */
  readonly fromOffset: number;
  readonly chunks: readonly Buffer[];
}

export interface Unreadable {
  readonly offset: number;
  readonly reason: string;
}

/**
 * Decode a __consumer_offsets partition for loading. What is stored there is the input of a
 * restart, so nothing in it may stop one: a batch or record that does not decode (any codec
 * is read), or names a group of another partition, is reported and skipped.
 */
export function readOffsetsLog(source: OffsetsLogSource): { records: GroupRecord[]; unreadable: Unreadable[] } {
  const records: GroupRecord[] = [];
  const unreadable: Unreadable[] = [];
  for (const chunk of source.chunks) {
    for (let at = 0; at < chunk.length; ) {
      const size = batchSizeAt(chunk, at);
      if (size < BATCH.HEADER_SIZE || at + size > chunk.length) {
        unreadable.push({ offset: chunk.length - at >= 8 ? Number(chunk.readBigInt64BE(at)) : -1, reason: 'truncated batch' });
        break;
      }
      readBatch(chunk.subarray(at, at + size), source, records, unreadable);
      at += size;
    }
  }
  return { records, unreadable };
}

function readBatch(batch: Buffer, source: OffsetsLogSource, records: GroupRecord[], unreadable: Unreadable[]): void {
  const header = readBatchHeader(batch);
  // Transaction markers carry no group state.
  if ((header.attributes & ATTR.CONTROL) !== 0) return;
  let decoded: ReturnType<typeof decodeBatchRecords>;
  try {
    decoded = decodeBatchRecords(batch, BATCH_DECOMPRESSORS);
  } catch (e) {
    unreadable.push({ offset: header.baseOffset, reason: (e as Error).message });
    return;
  }
  for (const r of decoded) {
    if (r.offset < source.fromOffset) continue;
    const d = fromKafkaRecord(r.key, r.value);
    if (!d.ok) {
      unreadable.push({ offset: r.offset, reason: d.reason });
      continue;
    }
    const home = groupOffsetsPartition(d.record.group, source.partitionCount);
    if (home !== source.partition) unreadable.push({ offset: r.offset, reason: `group ${d.record.group} belongs to partition ${home}` });
    else records.push(d.record);
  }
}
