import { join } from 'node:path';
import type { Clock, Logger } from '@orderlab/shared';
import { readFrame, stampFrame } from './batch-frame';
import type { FileSystemPort } from './file-system-port';
import type {
  AppendInfo,
  AppendResult,
  LogConfig,
  PartitionLog,
  ReadOptions,
  ReadResult,
  StoredBatch,
  TimestampLookup,
} from './log-types';
import { Segment } from './segment';
import { segmentBaseOffsets } from './segment-files';

export type RecordTimestamps = (batch: Buffer) => Array<{ offset: number; timestamp: number }>;

export interface PartitionLogOptions {
  readonly fs: FileSystemPort;
  readonly dir: string;
  readonly topic: string;
  readonly partition: number;
  readonly clock: Clock;
  readonly recover: boolean;
  readonly recordTimestamps?: RecordTimestamps;
  readonly logger?: Logger;
}

const LOG_START_FILE = 'log-start-offset';

/**
 * A partition's log as a list of segments; the last one is active. Owns the log start
 * offset (persisted in a small checkpoint file), rolling, retention and flush policy.
 */
export class FilePartitionLog implements Omit<PartitionLog, 'offlineReason'> {
  readonly topic: string;
  readonly partition: number;
  private segments: Segment[] = [];
  private logStart = 0;
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
    this.load();
  }

  logStartOffset(): number {
    return this.logStart;
  }

  logEndOffset(): number {
    return this.active().nextOffset;
  }

  sizeBytes(): number {
    return this.segments.reduce((n, s) => n + s.size, 0);
  }

  config(): LogConfig {
    return this.cfg;
  }

  updateConfig(config: LogConfig): void {
    this.cfg = config;
  }

  append(batch: Buffer, info: AppendInfo): AppendResult {
    const baseOffset = this.logEndOffset();
    stampFrame(batch, baseOffset, info.leaderEpoch);
    this.maybeRoll(batch.length);
    const frame = { ...readFrame(batch, 0), baseOffset, lastOffset: baseOffset + info.offsetCount - 1, maxTimestamp: info.maxTimestamp };
    this.active().append(batch, frame);
    this.unflushedRecords += info.offsetCount;
    this.applyFlushPolicy();
    return { baseOffset, lastOffset: frame.lastOffset, logEndOffset: frame.lastOffset + 1 };
  }

  read(offset: number, maxBytes: number, options: ReadOptions = {}): ReadResult {
    const maxOffset = options.maxOffset ?? Number.MAX_SAFE_INTEGER;
    let minOne = options.minOneBatch ?? true;
    const chunks: Buffer[] = [];
    let bytes = 0;
    for (let i = this.segmentIndexFor(offset); i >= 0 && i < this.segments.length; i++) {
      const seg = this.segments[i] as Segment;
      const start = seg.positionOf(Math.max(offset, seg.baseOffset));
      if (start < 0) continue;
      const { end, complete } = this.readExtent(seg, start, maxBytes - bytes, maxOffset, minOne);
      if (end > start) {
        chunks.push(seg.read(start, end - start));
        bytes += end - start;
        minOne = false;
      }
      if (complete) break;
    }
    return { chunks, bytes };
  }

  /** How far to read in one segment: whole batches, within the byte budget, below maxOffset. */
  private readExtent(seg: Segment, start: number, budget: number, maxOffset: number, minOne: boolean): { end: number; complete: boolean } {
    let end = start;
    let complete = false;
    seg.scan(start, (frame, position) => {
      if (frame.baseOffset >= maxOffset) {
        complete = true;
        return false;
      }
      const taken = end - start;
      if (taken + frame.size > budget && !(minOne && taken === 0)) {
        complete = true;
        return false;
      }
      end = position + frame.size;
      return true;
    });
    return { end, complete };
  }

  offsetForTimestamp(timestamp: number): TimestampLookup | null {
    for (const seg of this.segments) {
      if (seg.maxTimestamp < timestamp) continue;
      let found: TimestampLookup | null = null;
      seg.scan(seg.positionBeforeTimestamp(timestamp), (frame, _position, bytes, at) => {
        if (frame.maxTimestamp < timestamp || frame.lastOffset < this.logStart) return true;
        found = this.exactMatch(bytes.subarray(at, at + frame.size), frame.baseOffset, frame.maxTimestamp, timestamp);
        return found === null;
      });
      if (found) return found;
    }
    return null;
  }

  /** Record-level answer when the hook can decode the batch; otherwise the batch's base offset. */
  private exactMatch(batch: Buffer, baseOffset: number, maxTimestamp: number, target: number): TimestampLookup | null {
    if (this.o.recordTimestamps) {
      try {
        const hit = this.o.recordTimestamps(batch).find((r) => r.timestamp >= target && r.offset >= this.logStart);
        return hit ? { offset: hit.offset, timestamp: hit.timestamp } : null;
      } catch {
        // a codec the hook cannot decode: fall back to batch precision
      }
    }
    return { offset: Math.max(baseOffset, this.logStart), timestamp: maxTimestamp };
  }

  scanBatches(from: number, visit: (b: StoredBatch) => void): void {
    const fromOffset = Math.max(from, this.logStart); // below the log start is logically deleted
    for (let i = Math.max(0, this.segmentIndexFor(fromOffset)); i < this.segments.length; i++) {
      const seg = this.segments[i] as Segment;
      const start = seg.positionOf(Math.max(fromOffset, seg.baseOffset));
      if (start < 0) continue;
      seg.scan(start, (f) => {
        visit({
          baseOffset: f.baseOffset,
          lastOffset: f.lastOffset,
          maxTimestamp: f.maxTimestamp,
          producerId: f.producerId,
          producerEpoch: f.producerEpoch,
          baseSequence: f.baseSequence,
          attributes: f.attributes,
          partitionLeaderEpoch: f.partitionLeaderEpoch,
        });
        return true;
      });
    }
  }

  truncateTo(offset: number): void {
    if (offset >= this.logEndOffset()) return;
    while (this.segments.length > 1 && (this.segments[this.segments.length - 1] as Segment).baseOffset >= offset) {
      (this.segments.pop() as Segment).delete();
    }
    const seg = this.active();
    if (seg.baseOffset >= offset) {
      seg.delete();
      this.segments = [this.newSegment(offset)];
    } else {
      const position = seg.positionOf(offset);
      if (position >= 0) seg.truncateAt(position);
    }
    if (this.logStart > this.logEndOffset()) this.setLogStart(this.logEndOffset());
  }

  applyRetention(): number {
    const now = this.o.clock.now();
    const { retentionMs, retentionBytes } = this.cfg;
    let excess = retentionBytes >= 0 ? this.sizeBytes() - retentionBytes : -1;
    while (this.segments.length > 1) {
      const oldest = this.segments[0] as Segment;
      const expired = retentionMs >= 0 && oldest.maxTimestamp >= 0 && now - oldest.maxTimestamp > retentionMs;
      const tooBig = excess >= 0 && excess - oldest.size >= 0;
      if (!expired && !tooBig) break;
      excess -= oldest.size;
      this.dropOldestSegment();
    }
    return this.logStart;
  }

  deleteRecordsBefore(offset: number): void {
    const target = Math.min(offset, this.logEndOffset());
    if (target <= this.logStart) return;
    this.setLogStart(target);
    while (this.segments.length > 1 && (this.segments[1] as Segment).baseOffset <= target) this.dropOldestSegment();
  }

  flush(): void {
    this.active().sync();
    this.unflushedRecords = 0;
    this.lastFlushAt = this.o.clock.now();
  }

  flushIfDue(): void {
    if (this.cfg.flushMs > 0 && this.unflushedRecords > 0 && this.o.clock.now() - this.lastFlushAt >= this.cfg.flushMs) this.flush();
  }

  close(): void {
    this.flush();
    for (const s of this.segments) s.close();
  }

  /** Release file handles without flushing (the log is offline or about to be deleted). */
  release(): void {
    for (const s of this.segments) s.close();
  }

  /** Close handles and delete every file of the partition. */
  destroy(): void {
    this.release();
    this.o.fs.removeDir(this.o.dir);
  }

  private applyFlushPolicy(): void {
    if (this.cfg.flushMessages > 0 && this.unflushedRecords >= this.cfg.flushMessages) this.flush();
    else this.flushIfDue();
  }

  private maybeRoll(incoming: number): void {
    const seg = this.active();
    if (seg.isEmpty) return;
    const full = seg.size + incoming > this.cfg.segmentBytes;
    const old = this.o.clock.now() - seg.createdAt >= this.cfg.segmentMs;
    if (!full && !old) return;
    seg.sync(); // a closed segment is durable and never written again
    this.segments.push(this.newSegment(seg.nextOffset));
    this.o.fs.syncDir(this.o.dir);
  }

  private newSegment(baseOffset: number): Segment {
    return Segment.create(this.o.fs, this.o.dir, baseOffset, this.cfg.indexIntervalBytes, this.o.clock.now());
  }

  private dropOldestSegment(): void {
    const oldest = this.segments.shift() as Segment;
    oldest.delete();
    this.setLogStart(Math.max(this.logStart, (this.segments[0] as Segment).baseOffset));
  }

  private setLogStart(offset: number): void {
    this.logStart = offset;
    this.o.fs.writeFileAtomic(join(this.o.dir, LOG_START_FILE), Buffer.from(String(offset)));
  }

  private active(): Segment {
    return this.segments[this.segments.length - 1] as Segment;
  }

  /** Index of the segment holding `offset` (the last with baseOffset <= offset). */
  private segmentIndexFor(offset: number): number {
    let found = 0;
    for (let i = 0; i < this.segments.length; i++) if ((this.segments[i] as Segment).baseOffset <= offset) found = i;
    return found;
  }

  private load(): void {
    const bases = segmentBaseOffsets(this.o.fs.list(this.o.dir));
    const now = this.o.clock.now();
    this.segments = bases.map((b, i) =>
      Segment.open(this.o.fs, this.o.dir, b, this.cfg.indexIntervalBytes, now, this.o.recover && i === bases.length - 1),
    );
    if (this.segments.length === 0) this.segments.push(this.newSegment(0));
    const stored = this.o.fs.readFile(join(this.o.dir, LOG_START_FILE));
    const first = (this.segments[0] as Segment).baseOffset;
    this.logStart = Math.min(Math.max(first, stored ? Number(stored.toString()) : first), this.logEndOffset());
  }
}
