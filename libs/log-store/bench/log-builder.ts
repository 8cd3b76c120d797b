import { ManualClock } from '@orderlab/shared';
import { DEFAULT_LOG_CONFIG, FileLogStore, NodeFileSystem, type LogConfig, type PartitionLog } from '../src';
import { BatchFactory } from './batch-factory';

export interface LogShape {
  readonly partitions: number;
  readonly bytesPerPartition: number;
  readonly segmentBytes: number;
  readonly recordsPerBatch: number;
  readonly valueBytes: number;
  /** Idempotent producers taking turns; each keeps its own sequence. */
  readonly producers: number;
}

export const benchLogConfig = (segmentBytes: number): LogConfig => ({ ...DEFAULT_LOG_CONFIG, segmentBytes, retentionMs: -1 });

/** Fill `dir` with a store of the given shape and close it cleanly; returns the bytes written. */
export function buildStore(dir: string, shape: LogShape): number {
  const store = new FileLogStore({ dir, fs: new NodeFileSystem(), clock: new ManualClock(1_700_000_000_000) });
  const factory = new BatchFactory(shape.recordsPerBatch, shape.valueBytes);
  let total = 0;
  for (let p = 0; p < shape.partitions; p++) {
    const log = store.open('bench', p, benchLogConfig(shape.segmentBytes));
    total += fill(log, factory, shape);
  }
  store.close();
  return total;
}

function fill(log: PartitionLog, factory: BatchFactory, shape: LogShape): number {
  const sequences = new Array<number>(shape.producers).fill(0);
  let written = 0;
  for (let n = 0; written < shape.bytesPerPartition; n++) {
    const producer = n % shape.producers;
    const seq = sequences[producer] as number;
    const batch = factory.next(1000 + producer, seq, 1_700_000_000_000 + n);
    sequences[producer] = seq + factory.recordsPerBatch;
    log.append(batch, { leaderEpoch: 0 });
    written += batch.length;
  }
  return written;
}
