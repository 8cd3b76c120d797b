import { gunzipSync } from 'node:zlib';
import { CompressionType, decodeBatchRecords } from '@orderlab/kafka-protocol';
import { FileLogStore, NodeFileSystem, type LogStore } from '@orderlab/log-store';
import type { Clock, Logger } from '@orderlab/shared';

const decompressors = { [CompressionType.Gzip]: (b: Buffer) => gunzipSync(b) };

/**
 * Record-level timestamps for ListOffsets by time: exact for uncompressed and gzip
 * batches; for snappy, lz4 and zstd the store falls back to batch precision.
 */
function recordTimestamps(batch: Buffer): Array<{ offset: number; timestamp: number }> {
  return decodeBatchRecords(batch, decompressors).map((r) => ({ offset: r.offset, timestamp: r.timestamp }));
}

export function openLogStore(dir: string, clock: Clock, logger: Logger, producerIdExpirationMs: number): LogStore {
  return new FileLogStore({ dir, fs: new NodeFileSystem(), clock, recordTimestamps, logger, producerIdExpirationMs });
}
