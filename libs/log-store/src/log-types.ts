/**
 * The storage contract the broker codes against. Two implementations stand behind it:
 * FileLogStore (segments on disk through a FileSystemPort) and MemoryLogStore.
 * Batches are opaque bytes (RecordBatch v2 as received); the caller supplies the
 * metadata the store needs, so the store needs no protocol codec.
 */

export interface LogConfig {
  /** segment.bytes: roll the active segment when appending would exceed this size. Kafka default 1 GiB. */
  readonly segmentBytes: number;
  /** segment.ms: roll the active segment once it is older than this. Kafka default 7 days. */
  readonly segmentMs: number;
  /** retention.ms: delete closed segments whose newest record is older than this; -1 = keep forever. */
  readonly retentionMs: number;
  /** retention.bytes: delete oldest closed segments while the partition is larger than this; -1 = no limit. */
  readonly retentionBytes: number;
  /** index.interval.bytes: a sparse index entry at most every this many bytes. Kafka default 4096. */
  readonly indexIntervalBytes: number;
  /** flush.messages: fsync after this many records since the last fsync; 0 = never on count. */
  readonly flushMessages: number;
  /** flush.ms: fsync when the last fsync is older than this (checked on append and by flushIfDue); 0 = never on time. */
  readonly flushMs: number;
}

export const DEFAULT_LOG_CONFIG: LogConfig = {
  segmentBytes: 1024 * 1024 * 1024,
  segmentMs: 7 * 24 * 3600 * 1000,
  retentionMs: 7 * 24 * 3600 * 1000,
  retentionBytes: -1,
  indexIntervalBytes: 4096,
  flushMessages: 0,
  flushMs: 0,
};

/** What the caller knows about a batch it appends (read from the batch header). */
export interface AppendInfo {
  /** Number of offsets the batch takes: lastOffsetDelta + 1. */
  readonly offsetCount: number;
  /** The batch's maxTimestamp (CreateTime). */
  readonly maxTimestamp: number;
  /** Written into the batch's partitionLeaderEpoch field. */
  readonly leaderEpoch: number;
}

export interface AppendResult {
  readonly baseOffset: number;
  readonly lastOffset: number;
  /** Log end offset after the append. */
  readonly logEndOffset: number;
}

export interface ReadOptions {
  /** Stop before batches whose base offset is at or beyond this offset (high watermark / LSO). */
  readonly maxOffset?: number;
  /** Return the first batch even if it is larger than maxBytes (Kafka's progress guarantee). Default true. */
  readonly minOneBatch?: boolean;
}

export interface ReadResult {
  /** Whole batches, in offset order, as stored (base offset and leader epoch stamped). */
  readonly chunks: readonly Buffer[];
  readonly bytes: number;
}

export interface TimestampLookup {
  /** First offset whose record timestamp is >= the requested timestamp. */
  readonly offset: number;
  readonly timestamp: number;
}

/** A batch as seen by a scan: where it sits and the header fields the broker's producer state needs. */
export interface StoredBatch {
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly maxTimestamp: number;
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  readonly attributes: number;
  readonly partitionLeaderEpoch: number;
}

export interface PartitionLog {
  readonly topic: string;
  readonly partition: number;
  /** First offset still stored (advanced by retention). */
  logStartOffset(): number;
  /** The offset the next appended record gets. */
  logEndOffset(): number;
  /** Total bytes of all segments. */
  sizeBytes(): number;
  config(): LogConfig;
  updateConfig(config: LogConfig): void;
  /**
   * Append one batch; stamps baseOffset and partitionLeaderEpoch into `batch` in place.
   * Returns after the bytes were handed to the OS (write(2) returned), so a process
   * crash cannot lose them; fsync happens per the flush settings, on roll and on close.
   */
  append(batch: Buffer, info: AppendInfo): AppendResult;
  /** Whole batches starting with the one containing `offset`, up to maxBytes. */
  read(offset: number, maxBytes: number, options?: ReadOptions): ReadResult;
  /** Exact per record for uncompressed and gzip batches; see README for other codecs. Null when past the end. */
  offsetForTimestamp(timestamp: number): TimestampLookup | null;
  /** Visit stored batches from `fromOffset` in order (headers only). */
  scanBatches(fromOffset: number, visit: (b: StoredBatch) => void): void;
  /** Remove every batch at or beyond `offset` (replication, later issues). */
  truncateTo(offset: number): void;
  /** Delete whole closed segments per retention.ms / retention.bytes; returns the new log start offset. */
  applyRetention(): number;
  /** Kafka's DeleteRecords: advance the log start offset (never past the end) and drop segments entirely below it. */
  deleteRecordsBefore(offset: number): void;
  /** fsync now. */
  flush(): void;
  /** fsync if flush.ms has elapsed since the last fsync. */
  flushIfDue(): void;
  /** fsync and release handles. */
  close(): void;
  /**
   * Why the log went offline (STORAGE.OFFLINE errors), or null while it serves. Every
   * operation on an offline log fails until a restart recovers it.
   */
  offlineReason(): string | null;
}

export interface LogStore {
  /** Open (creating if needed) the log of one partition. */
  open(topic: string, partition: number, config: LogConfig): PartitionLog;
  /** Close and delete every file of a partition. */
  remove(topic: string, partition: number): void;
  /** Partitions that exist in the store, as found at startup. */
  list(): Array<{ topic: string; partition: number }>;
  /** True when the last shutdown was clean (recovery skipped). */
  readonly cleanStart: boolean;
  /** fsync everything, close, and mark the shutdown clean (unless a log could not be closed cleanly). */
  close(): void;
}
