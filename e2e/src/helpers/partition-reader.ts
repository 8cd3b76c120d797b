import { gunzipSync } from 'node:zlib';
import {
  CompressionType,
  FetchRequest,
  FetchResponse,
  batchSizeAt,
  decodeBatchRecords,
  type BatchRecord,
} from '@orderlab/kafka-protocol';
import type { RawKafkaClient } from '@orderlab/cli';

const decompressors = { [CompressionType.Gzip]: (b: Buffer) => gunzipSync(b) };

export interface FetchedPartition {
  readonly errorCode: number;
  readonly highWatermark: number;
  readonly logStartOffset: number;
  readonly records: BatchRecord[];
  readonly batches: Buffer[];
}

/** One Fetch v11 of one partition with our own codec; records below `offset` are dropped as clients do. */
export async function fetchOnce(client: RawKafkaClient, topic: string, partition: number, offset: number, maxWaitMs = 0, version = 11): Promise<FetchedPartition> {
  const res = await client.send(FetchRequest, FetchResponse, version, {
    replicaId: -1,
    maxWaitMs,
    minBytes: 1,
    maxBytes: 50 * 1024 * 1024,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [{ topic, partitions: [{ partition, fetchOffset: offset, partitionMaxBytes: 10 * 1024 * 1024, currentLeaderEpoch: -1, logStartOffset: -1 }] }],
    forgottenTopicsData: [],
    rackId: '',
  });
  const p = res.responses[0]?.partitions[0];
  if (!p) throw new Error('fetch response without the partition');
  const batches = splitBatches(p.records);
  // Records are decoded for uncompressed and gzip batches; other codecs stay as raw batches.
  const decodable = batches.filter((b) => (b.readInt16BE(21) & 0x07) <= CompressionType.Gzip);
  const records = decodable.flatMap((b) => decodeBatchRecords(b, decompressors)).filter((r) => r.offset >= offset);
  return { errorCode: p.errorCode, highWatermark: p.highWatermark, logStartOffset: p.logStartOffset, records, batches };
}

/** Read a partition from `from` up to its high watermark. */
export async function readPartition(client: RawKafkaClient, topic: string, partition: number, from = 0): Promise<BatchRecord[]> {
  const out: BatchRecord[] = [];
  let offset = from;
  for (;;) {
    const f = await fetchOnce(client, topic, partition, offset);
    if (f.errorCode !== 0) throw new Error(`fetch ${topic}-${partition}@${offset} failed with error ${f.errorCode}`);
    out.push(...f.records);
    const last = f.records[f.records.length - 1];
    if (last) offset = last.offset + 1;
    if (offset >= f.highWatermark || f.records.length === 0) return out;
  }
}

export function splitBatches(records: Buffer | null): Buffer[] {
  const out: Buffer[] = [];
  if (!records) return out;
  for (let at = 0; at < records.length; ) {
    const size = batchSizeAt(records, at);
    if (size <= 0 || at + size > records.length) break; // a trailing partial batch, as clients tolerate
    out.push(records.subarray(at, at + size));
    at += size;
  }
  return out;
}
