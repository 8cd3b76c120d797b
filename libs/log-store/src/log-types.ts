/**
 * The storage contract the broker codes against. Two implementations stand behind it:
 * FileLogStore (segments on disk through a FileSystemPort) and MemoryLogStore (the same
 * code over an in-memory file system). Batches are RecordBatch v2 bytes as received; the
 * store reads their headers with the codec (libs/kafka-protocol) and never their records.
 */
import type { EpochEntry } from './leader-epoch-cache';
import type { ProducerStateView } from './producer-state';

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
  /** flush.ms: fsync when the last fsync is older than this (checked on append and by the store's timer); 0 = never on time. */
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

/** What the leader adds to a batch it appends. */
export interface AppendInfo {
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
  /** Whole batches, in offset order, as stored (base offset and leader epoch stamped); one buffer per segment read. */
  readonly chunks: readonly Buffer[];
  readonly bytes: number;
}

/** Where a read starts: a segment and a byte position in it (Kafka's LogOffsetMetadata). */
export interface LogPosition {
  readonly segmentBaseOffset: number;
  readonly position: number;
}

export interface TimestampLookup {
  /** First offset whose record timestamp is >= the requested timestamp. */
  readonly offset: number;
  readonly timestamp: number;
  /** partitionLeaderEpoch of the batch holding that offset (-1 when it has none). */
  readonly leaderEpoch: number;
}

/** A batch as seen by a scan: where it sits and the header fields producer state needs. */
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

/** The leader-epoch cache as readers see it (replication asks it where logs diverge). */
export interface LeaderEpochView {
  entries(): readonly EpochEntry[];
  latestEpoch(): number | null;
  /** The epoch that wrote `offset`, or null when none is known. */
  epochForOffset(offset: number): number | null;
  /** Kafka's endOffsetFor (OffsetsForLeaderEpoch): (-1, -1) for an unknown epoch. */
  endOffsetFor(epoch: number): { epoch: number; endOffset: number };
}

export interface PartitionLog {
  readonly topic: string;
  readonly partition: number;
  /** First offset still stored (advanced by retention and DeleteRecords). */
  logStartOffset(): number;
  /** The offset the next appended record gets. */
  logEndOffset(): number;
  /** Total bytes of all segments. */
  sizeBytes(): number;
  config(): LogConfig;
  updateConfig(config: LogConfig): void;
  /** The idempotent producers of this partition; the leader checks a batch against them before appending it. */
  producerState(): ProducerStateView;
  leaderEpochs(): LeaderEpochView;
  /**
   * The leader's append: assigns the next offsets and stamps baseOffset and
   * partitionLeaderEpoch into `batch` in place; records the batch's producer and epoch.
   * Returns after the bytes were handed to the OS (write(2) returned), so a process crash
   * cannot lose them; fsync happens per the flush settings, after a roll (in the
   * background) and on close. All or nothing: a failed write throws STORAGE.WRITE_FAILED
   * with the log unchanged.
   */
  append(batch: Buffer, info: AppendInfo): AppendResult;
  /**
   * A follower's append: whole batches that already carry the leader's offsets and epochs,
   * which are kept. The first must start at the log end offset and each must follow the
   * previous; CRCs are checked. Producer state and epochs are recorded as for append.
   */
  appendReplicated(batches: Buffer): AppendResult;
  /** Whole batches starting with the one containing `offset`, up to maxBytes. */
  read(offset: number, maxBytes: number, options?: ReadOptions): ReadResult;
  /** Where a read of `offset` starts; null outside the stored offsets (the log end offset has a position). */
  position(offset: number): LogPosition | null;
  /** Bytes stored after `from`; null when its segment was deleted or cut since (a fetch waiting on it must re-read). */
  bytesAfter(from: LogPosition): number | null;
  /** Exact per record for uncompressed and gzip batches; see README for other codecs. Null when past the end. */
  offsetForTimestamp(timestamp: number): TimestampLookup | null;
  /** Visit the batches stored from the one holding `fromOffset` on, in order: their header fields (read in windows of whole batches). */
  scanBatches(fromOffset: number, visit: (b: StoredBatch) => void): void;
  /** Remove every batch at or beyond `offset`; producer state and epochs are rebuilt for what is left. */
  truncateTo(offset: number): void;
  /**
   * Delete every batch and continue empty at `offset` (Kafka's truncateFullyAndStartAt): a
   * replica that installed a snapshot, or whose leader's log starts past its own end.
   * Durable when it returns.
   */
  truncateFullyAndStartAt(offset: number): void;
  /** Delete whole closed segments per retention.ms / retention.bytes; returns the new log start offset. */
  applyRetention(): number;
  /** Kafka's DeleteRecords: advance the log start offset (never past the end) and drop segments entirely below it. */
  deleteRecordsBefore(offset: number): void;
  /** producer.id.expiration.ms: forget producers idle that long. Returns how many were removed. */
  removeExpiredProducers(): number;
  /** fsync now: everything appended so far is durable when this returns. */
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
  /**
   * The timer work that is due: fsyncs by flush.ms, producer-id expiry, retries of
   * background flushes deferred by a full disk. Costs what is due, not a walk over every partition.
   */
  runDueMaintenance(): void;
  /** Retention of the partitions that may now delete something; returns those whose log start moved. */
  runDueRetention(): Array<{ topic: string; partition: number; logStartOffset: number }>;
  /** fsync everything, close, and mark the shutdown clean (unless a log could not be closed cleanly). */
  close(): void;
}
