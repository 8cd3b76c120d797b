import { BATCH, batchSizeAt, readBatchHeader, stampBatch, type BatchHeader } from '@orderlab/kafka-protocol';
import type { Clock, Logger } from '@orderlab/shared';
import { batchIntact } from './batch-span';
import { BackgroundFlusher } from './background-flusher';
import type { FileSystemPort } from './file-system-port';
import type { IndexCache } from './index-cache';
import type { LeaderEpochCache } from './leader-epoch-cache';
import { loadLog, loadSnapshot } from './log-loader';
import type {
  AppendInfo,
  AppendResult,
  LeaderEpochView,
  LogConfig,
  LogPosition,
  PartitionLog,
  ReadOptions,
  ReadResult,
  StoredBatch,
  TimestampLookup,
} from './log-types';
import { PartitionCheckpoints } from './partition-checkpoints';
import { encodeProducerSnapshot } from './producer-snapshot';
import type { ProducerStateTable, ProducerStateView } from './producer-state';
import type { RecentAppends } from './recent-appends';
import { Segment, type SegmentContext } from './segment';
import { offsetsOfKind, segmentFile } from './segment-files';
import type { SegmentList } from './segment-list';
import { LogInputError, LogStorageError, describeIoError } from './storage-errors';

export type RecordTimestamps = (batch: Buffer) => Array<{ offset: number; timestamp: number }>;

const FLUSH_RETRY_MS = 1000;

/** flush.ms fsyncs, retention, producer expiry, and retries of background flushes a full disk deferred. */
export type MaintenanceKind = 'flush' | 'retention' | 'expiry' | 'retry';

/** When a log next needs timer work; the store keeps these in due queues. */
export interface MaintenanceScheduler {
  schedule(log: FilePartitionLog, kind: MaintenanceKind, at: number | null): void;
  /** As schedule, unless the log is already due earlier. */
  scheduleEarliest(log: FilePartitionLog, kind: MaintenanceKind, at: number): void;
}

export interface PartitionLogOptions {
  readonly fs: FileSystemPort;
  readonly dir: string;
  readonly topic: string;
  readonly partition: number;
  readonly clock: Clock;
  /** The last shutdown was clean: no recovery. */
  readonly clean: boolean;
  readonly cache: IndexCache;
  /** The store's recent appends (reads right after an append come from memory); none: reads go to the files. */
  readonly recent?: RecentAppends;
  readonly scheduler: MaintenanceScheduler;
  readonly producerIdExpirationMs: number;
  /** A failure outside any call (the background flusher): the log must go offline. */
  readonly onBackgroundFailure: (operation: string, error: unknown) => void;
  readonly recordTimestamps?: RecordTimestamps;
  readonly logger?: Logger;
}

/**
 * A partition's log: segments, idempotent-producer state, leader epochs and checkpoints,
 * and the policies over them (rolling, retention, flushing). The single owner of that
 * state; every call is synchronous except the background flusher's fsyncs.
 */
export class FilePartitionLog implements Omit<PartitionLog, 'offlineReason'> {
  readonly topic: string;
  readonly partition: number;
  private readonly ctx: SegmentContext;
  private readonly checkpoints: PartitionCheckpoints;
  private readonly segments: SegmentList;
  private readonly producers: ProducerStateTable;
  private readonly epochs: LeaderEpochCache;
  private readonly flusher: BackgroundFlusher;
  private logStart: number;
  private recoveryPoint: number;
  private epochsDirty: boolean;
  private cfg: LogConfig;
  private unflushedRecords = 0;
  private lastFlushAt: number;

  constructor(
    private readonly o: PartitionLogOptions,
    config: LogConfig,
  ) {
    this.topic = o.topic;
    this.partition = o.partition;
    this.cfg = config;
    this.lastFlushAt = o.clock.now();
    o.fs.mkdirp(o.dir);
    const configured = (): LogConfig => this.cfg;
    this.ctx = { fs: o.fs, dir: o.dir, cache: o.cache, recent: o.recent, get indexIntervalBytes() { return configured().indexIntervalBytes; } };
    this.checkpoints = new PartitionCheckpoints(o.fs, o.dir);
    const loaded = loadLog({ ctx: this.ctx, clean: o.clean, now: o.clock.now(), checkpoints: this.checkpoints, producerIdExpirationMs: o.producerIdExpirationMs, name: `${o.topic}-${o.partition}`, logger: o.logger });
    this.segments = loaded.segments;
    this.producers = loaded.producers;
    this.epochs = loaded.epochs;
    this.logStart = loaded.logStart;
    this.recoveryPoint = loaded.recoveryPoint;
    this.epochsDirty = loaded.epochsChanged;
    this.flusher = new BackgroundFlusher({
      advanceRecoveryPoint: (offset) => this.advanceRecoveryPoint(offset),
      flushFailed: (operation, e) => o.onBackgroundFailure(operation, e),
      flushDeferred: (e) => {
        o.logger?.warn({ topic: this.topic, partition: this.partition, reason: describeIoError(e) }, 'background flush deferred; retried in a second');
        o.scheduler.schedule(this, 'retry', o.clock.now() + FLUSH_RETRY_MS);
      },
    });
    for (const s of loaded.recoveredClosed) this.flusher.enqueue(s, this.segments.at(this.segments.all.indexOf(s) + 1));
    this.persistEpochsIfDirty();
    o.scheduler.schedule(this, 'retention', o.clock.now());
    this.scheduleExpiry();
  }

  logStartOffset(): number {
    return this.logStart;
  }

  logEndOffset(): number {
    return this.segments.active().nextOffset;
  }

  sizeBytes(): number {
    return this.segments.sizeBytes();
  }

  config(): LogConfig {
    return this.cfg;
  }

  updateConfig(config: LogConfig): void {
    this.cfg = config;
    this.o.scheduler.schedule(this, 'retention', this.o.clock.now());
  }

  producerState(): ProducerStateView {
    return this.producers;
  }

  /** One view for the log's life: every replica fetch asks for it, on both ends. */
  private readonly epochView: LeaderEpochView = {
    entries: () => this.epochs.all(),
    latestEpoch: () => this.epochs.latestEpoch(),
    epochForOffset: (offset) => this.epochs.epochForOffset(offset),
    endOffsetFor: (epoch) => this.epochs.endOffsetFor(epoch, this.logEndOffset()),
  };

  leaderEpochs(): LeaderEpochView {
    return this.epochView;
  }

  append(batch: Buffer, info: AppendInfo): AppendResult {
    stampBatch(batch, this.logEndOffset(), info.leaderEpoch);
    return this.appendStamped(batch, [readBatchHeader(batch)]);
  }

  appendReplicated(batches: Buffer): AppendResult {
    const headers: BatchHeader[] = [];
    let expected = this.logEndOffset();
    for (let at = 0; at < batches.length; ) {
      const size = batchSizeAt(batches, at);
      if (size < BATCH.HEADER_SIZE || at + size > batches.length || !batchIntact(batches, at)) {
        throw new LogInputError('LOG.INVALID_BATCH', `replicated batch at byte ${at} is torn or fails its CRC`);
      }
      const h = readBatchHeader(batches, at);
      if (h.baseOffset !== expected) throw new LogInputError('LOG.OFFSET_MISMATCH', `replicated batch starts at ${h.baseOffset}, the log continues at ${expected}`);
      headers.push(h);
      expected = h.baseOffset + h.lastOffsetDelta + 1;
      at += size;
    }
    if (headers.length === 0) throw new LogInputError('LOG.INVALID_BATCH', 'no batch to append');
    return this.appendStamped(batches, headers);
  }

  read(offset: number, maxBytes: number, options: ReadOptions = {}): ReadResult {
    const bound = Math.min(options.maxOffset ?? Number.MAX_SAFE_INTEGER, this.logEndOffset());
    const minOne = options.minOneBatch ?? true;
    if (offset >= bound || (maxBytes <= 0 && !minOne)) return { chunks: [], bytes: 0 };
    return this.segments.read(offset, maxBytes, bound, minOne);
  }

  position(offset: number): LogPosition | null {
    if (offset < this.logStart || offset > this.logEndOffset()) return null;
    return this.segments.position(offset);
  }

  bytesAfter(from: LogPosition): number | null {
    return this.segments.bytesAfter(from);
  }

  offsetForTimestamp(timestamp: number): TimestampLookup | null {
    for (const seg of this.segments.all) {
      if (seg.maxTimestamp < timestamp || seg.nextOffset <= this.logStart) continue;
      let found: TimestampLookup | null = null;
      seg.scan(seg.positionBeforeTimestamp(timestamp), (h, _position, bytes, at) => {
        if (h.maxTimestamp < timestamp || h.baseOffset + h.lastOffsetDelta < this.logStart) return true;
        found = this.exactMatch(bytes.subarray(at, at + h.batchLength + BATCH.LOG_OVERHEAD), h, timestamp);
        return found === null;
      });
      if (found) return found;
    }
    return null;
  }

  scanBatches(from: number, visit: (b: StoredBatch) => void): void {
    this.segments.scanFrom(Math.max(from, this.logStart), (h) => {
      visit({
        baseOffset: h.baseOffset,
        lastOffset: h.baseOffset + h.lastOffsetDelta,
        maxTimestamp: h.maxTimestamp,
        producerId: h.producerId,
        producerEpoch: h.producerEpoch,
        baseSequence: h.baseSequence,
        attributes: h.attributes,
        partitionLeaderEpoch: h.partitionLeaderEpoch,
      });
      return true;
    });
  }

  truncateTo(offset: number): void {
    if (offset >= this.logEndOffset()) return;
    while (this.segments.length > 1 && this.segments.active().baseOffset >= offset) this.segments.pop().delete();
    const seg = this.segments.active();
    if (seg.baseOffset >= offset) {
      seg.delete();
      this.segments.replace([Segment.create(this.ctx, offset, this.o.clock.now())]);
    } else {
      seg.truncateBefore(offset);
    }
    this.flusher.dropFrom(this.segments.active().baseOffset);
    const end = this.logEndOffset();
    this.reloadProducerState(end);
    if (this.epochs.truncateFromEnd(end)) this.epochsDirty = true;
    this.persistEpochsIfDirty();
    if (this.recoveryPoint > end) {
      this.recoveryPoint = end;
      this.checkpoints.writeRecoveryPoint(end);
    }
    if (this.logStart > end) this.setLogStart(end);
  }

  truncateFullyAndStartAt(offset: number): void {
    const fresh = Segment.create(this.ctx, offset, this.o.clock.now());
    for (const s of this.segments.all) s.delete();
    this.segments.replace([fresh]);
    this.flusher.dropFrom(offset);
    fresh.syncAll();
    this.o.fs.syncDir(this.o.dir);
    this.setLogStart(offset);
    this.recoveryPoint = offset;
    this.checkpoints.writeRecoveryPoint(offset);
    this.producers.clear();
    for (const s of offsetsOfKind(this.o.fs.list(this.o.dir), 'producerSnapshot')) this.o.fs.remove(segmentFile(this.o.dir, s, 'producerSnapshot'));
    // Kafka clears the epoch cache: no batch is left for any entry to describe.
    if (this.epochs.truncateFromEnd(0)) this.epochsDirty = true;
    this.persistEpochsIfDirty();
    this.unflushedRecords = 0;
  }

  applyRetention(): number {
    const now = this.o.clock.now();
    const { retentionMs, retentionBytes } = this.cfg;
    let excess = retentionBytes >= 0 ? this.sizeBytes() - retentionBytes : -1;
    let keepFrom = 0;
    while (keepFrom < this.segments.length - 1) {
      const oldest = this.segments.at(keepFrom);
      const expired = retentionMs >= 0 && oldest.maxTimestamp >= 0 && now - oldest.maxTimestamp > retentionMs;
      const tooBig = excess >= 0 && excess - oldest.size >= 0;
      if (!expired && !tooBig) break;
      excess -= oldest.size;
      keepFrom++;
    }
    if (keepFrom > 0) this.dropSegmentsBefore(keepFrom, Math.max(this.logStart, this.segments.at(keepFrom).baseOffset));
    this.scheduleRetention();
    return this.logStart;
  }

  deleteRecordsBefore(offset: number): void {
    const target = Math.min(offset, this.logEndOffset());
    if (target <= this.logStart) return;
    let keepFrom = 0;
    while (keepFrom < this.segments.length - 1 && this.segments.at(keepFrom + 1).baseOffset <= target) keepFrom++;
    this.dropSegmentsBefore(keepFrom, target);
    this.scheduleRetention();
  }

  removeExpiredProducers(): number {
    const removed = this.producers.removeExpired(this.o.clock.now(), this.o.producerIdExpirationMs);
    this.scheduleExpiry();
    return removed;
  }

  flush(): void {
    const durable = this.flusher.flushNow();
    this.segments.active().syncLog();
    this.unflushedRecords = 0;
    this.lastFlushAt = this.o.clock.now();
    this.persistEpochsIfDirty();
    if (durable !== null && durable > this.recoveryPoint) {
      this.recoveryPoint = durable;
      this.checkpoints.writeRecoveryPoint(durable);
    }
  }

  flushIfDue(): void {
    if (this.cfg.flushMs > 0 && this.unflushedRecords > 0 && this.o.clock.now() - this.lastFlushAt >= this.cfg.flushMs) this.flush();
    else if (this.unflushedRecords > 0 && this.cfg.flushMs > 0) this.o.scheduler.schedule(this, 'flush', this.lastFlushAt + this.cfg.flushMs);
  }

  /** Retry background flushes that a full disk deferred. */
  retryDeferredFlushes(): void {
    this.flusher.kick();
  }

  /** Resolves when the background flusher has nothing in flight (tests, benchmarks). */
  flushedInBackground(): Promise<void> {
    return this.flusher.idle();
  }

  /** Clean shutdown: everything fsynced, indexes written, a producer snapshot at the log end, the recovery point at the end. */
  close(): void {
    try {
      this.flusher.flushNow();
      this.flusher.stop();
      this.segments.active().syncAll();
      const end = this.logEndOffset();
      this.o.fs.writeFileAtomic(segmentFile(this.o.dir, end, 'producerSnapshot'), encodeProducerSnapshot(this.producers.entries()));
      this.persistEpochsIfDirty();
      if (this.epochsDirty) throw new LogStorageError('STORAGE.WRITE_FAILED', 'the leader-epoch checkpoint could not be written');
      this.checkpoints.writeRecoveryPoint(end);
      this.o.fs.syncDir(this.o.dir);
    } finally {
      this.release();
    }
  }

  /** Release file handles without flushing (the log is offline or about to be deleted). */
  release(): void {
    this.flusher.stop();
    for (const s of this.segments.all) s.close();
  }

  /** Close handles and delete every file of the partition. */
  destroy(): void {
    this.release();
    this.o.fs.removeDir(this.o.dir);
  }

  private appendStamped(bytes: Buffer, headers: readonly BatchHeader[]): AppendResult {
    const first = headers[0] as BatchHeader;
    this.maybeRoll(bytes.length);
    this.segments.active().append(bytes, headers);
    let records = 0;
    for (const h of headers) {
      records += h.lastOffsetDelta + 1;
      if (h.producerId >= 0) {
        this.producers.record(h, h.baseOffset, h.maxTimestamp);
        this.o.scheduler.scheduleEarliest(this, 'expiry', h.maxTimestamp + this.o.producerIdExpirationMs);
      }
      // Kafka writes the epoch checkpoint when an epoch starts: once per leader change.
      if (h.partitionLeaderEpoch >= 0 && this.epochs.assign(h.partitionLeaderEpoch, h.baseOffset)) {
        this.epochsDirty = true;
        this.persistEpochsIfDirty();
      }
    }
    this.noteUnflushed(records);
    const lastOffset = this.logEndOffset() - 1;
    return { baseOffset: first.baseOffset, lastOffset, logEndOffset: lastOffset + 1 };
  }

  private noteUnflushed(records: number): void {
    if (this.unflushedRecords === 0 && this.cfg.flushMs > 0) this.o.scheduler.schedule(this, 'flush', this.lastFlushAt + this.cfg.flushMs);
    this.unflushedRecords += records;
    const now = this.o.clock.now();
    const due = (this.cfg.flushMessages > 0 && this.unflushedRecords >= this.cfg.flushMessages) || (this.cfg.flushMs > 0 && now - this.lastFlushAt >= this.cfg.flushMs);
    if (due) this.flush();
  }

  /**
   * Roll when the active segment is full or old. The new segment is created first (that may
   * fail, changing nothing); then the old one is sealed and handed to the background flusher
   * with the producer snapshot taken now, so no fsync happens on the request path.
   */
  private maybeRoll(incoming: number): void {
    const seg = this.segments.active();
    if (seg.isEmpty) return;
    const now = this.o.clock.now();
    if (seg.size + incoming <= this.cfg.segmentBytes && now - seg.createdAt < this.cfg.segmentMs) return;
    let next: Segment;
    try {
      next = Segment.create(this.ctx, seg.nextOffset, now);
    } catch (e) {
      throw new LogStorageError('STORAGE.WRITE_FAILED', `rolling to a new segment at ${seg.nextOffset} failed: ${describeIoError(e)}`);
    }
    seg.seal();
    next.sideFiles.stage('producerSnapshot', encodeProducerSnapshot(this.producers.entries()));
    this.segments.push(next);
    this.flusher.enqueue(seg, next);
    this.o.scheduler.schedule(this, 'retention', now);
  }

  /** Move the log start (durably first: a DeleteRecords must not come back) and delete the segments below `keepFrom`. */
  private dropSegmentsBefore(keepFrom: number, newLogStart: number): void {
    if (newLogStart > this.logStart) this.setLogStart(newLogStart);
    for (let i = 0; i < keepFrom; i++) this.segments.shift().delete();
    if (this.epochs.truncateFromStart(this.logStart)) {
      this.epochsDirty = true;
      this.persistEpochsIfDirty();
    }
  }

  private setLogStart(offset: number): void {
    try {
      this.checkpoints.writeLogStart(offset);
    } catch (e) {
      throw new LogStorageError('STORAGE.WRITE_FAILED', `writing the log start offset failed: ${describeIoError(e)}`);
    }
    this.logStart = offset;
  }

  /** The epoch checkpoint is written when epochs change; a failed write (full disk) is retried at the next change, flush or close. */
  private persistEpochsIfDirty(): void {
    if (!this.epochsDirty) return;
    try {
      this.checkpoints.writeEpochs(this.epochs.all());
      this.epochsDirty = false;
    } catch (e) {
      this.o.logger?.warn({ topic: this.topic, partition: this.partition, reason: describeIoError(e) }, 'leader-epoch checkpoint not written; retried later');
    }
  }

  private async advanceRecoveryPoint(offset: number): Promise<void> {
    this.persistEpochsIfDirty();
    if (this.epochsDirty || offset <= this.recoveryPoint) return;
    this.recoveryPoint = offset;
    try {
      await this.checkpoints.writeRecoveryPointInBackground(offset);
    } catch (e) {
      this.o.logger?.warn({ topic: this.topic, partition: this.partition, reason: describeIoError(e) }, 'recovery point not written; the next start re-validates more');
    }
  }

  /** Producer state for a log cut at `end`: snapshots past it go, the newest left is loaded, the log after it replayed. */
  private reloadProducerState(end: number): void {
    const snapshots = offsetsOfKind(this.o.fs.list(this.o.dir), 'producerSnapshot');
    for (const s of snapshots) if (s > end) this.o.fs.remove(segmentFile(this.o.dir, s, 'producerSnapshot'));
    this.producers.clear();
    const from = loadSnapshot(this.ctx, this.producers, snapshots.filter((s) => s <= end), end, this.o.logger);
    this.segments.replay(from ?? this.segments.first().baseOffset, end, (h) => {
      if (h.producerId >= 0) this.producers.record(h, h.baseOffset, h.maxTimestamp);
    });
    this.scheduleExpiry();
  }

  private scheduleRetention(): void {
    const { retentionMs } = this.cfg;
    const oldest = this.segments.first();
    const at = this.segments.length > 1 && retentionMs >= 0 && oldest.maxTimestamp >= 0 ? oldest.maxTimestamp + retentionMs + 1 : null;
    this.o.scheduler.schedule(this, 'retention', at);
  }

  private scheduleExpiry(): void {
    const oldest = this.producers.oldestLastTimestamp();
    this.o.scheduler.schedule(this, 'expiry', oldest === null ? null : oldest + this.o.producerIdExpirationMs);
  }

  /** Record-level answer when the hook can decode the batch; otherwise the batch's base offset. */
  private exactMatch(batch: Buffer, h: BatchHeader, target: number): TimestampLookup | null {
    const leaderEpoch = h.partitionLeaderEpoch;
    if (this.o.recordTimestamps) {
      try {
        const hit = this.o.recordTimestamps(batch).find((r) => r.timestamp >= target && r.offset >= this.logStart);
        return hit ? { offset: hit.offset, timestamp: hit.timestamp, leaderEpoch } : null;
      } catch {
        // a codec the hook cannot decode: fall back to batch precision
      }
    }
    return { offset: Math.max(h.baseOffset, this.logStart), timestamp: h.maxTimestamp, leaderEpoch };
  }
}
