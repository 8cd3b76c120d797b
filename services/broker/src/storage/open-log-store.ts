import { decodeBatchRecords } from '@orderlab/kafka-protocol';
import { FileLogStore, NodeFileSystem, type LogStore } from '@orderlab/log-store';
import type { Clock, Logger } from '@orderlab/shared';
import { BATCH_DECOMPRESSORS } from './decompressors';

/** Record-level timestamps for ListOffsets by time, for every codec a batch can carry. */
function recordTimestamps(batch: Buffer): Array<{ offset: number; timestamp: number }> {
  return decodeBatchRecords(batch, BATCH_DECOMPRESSORS).map((r) => ({ offset: r.offset, timestamp: r.timestamp }));
}

export function openLogStore(dir: string, clock: Clock, logger: Logger, producerIdExpirationMs: number): LogStore {
  return new FileLogStore({ dir, fs: new NodeFileSystem(), clock, recordTimestamps, logger, producerIdExpirationMs });
}
