import { BATCH, batchSizeAt, readBatchHeader, type BatchHeader } from '@orderlab/kafka-protocol';
import { batchIntact, spanAt, type BatchSpan } from './batch-span';
import type { FileHandle, FileSystemPort } from './file-system-port';
import type { Evictable, IndexCache } from './index-cache';
import { OffsetIndex } from './offset-index';
import type { RecentAppends } from './recent-appends';
import { SideFiles } from './segment-files';
import { LogStorageError, describeIoError } from './storage-errors';
import { TimeIndex } from './time-index';

export interface SegmentContext {
  readonly fs: FileSystemPort;
  readonly dir: string;
  readonly indexIntervalBytes: number;
  readonly cache: IndexCache;
  /** The store's recent appends, which reads of them are answered from (none: every read goes to the file). */
  readonly recent?: RecentAppends;
}

/** Visits whole batches in file order; returning false stops the scan. */
export type BatchVisitor = (header: BatchHeader, position: number, bytes: Buffer, at: number) => boolean;

const FIRST_SCAN_WINDOW = 64 * 1024;
const MAX_SCAN_WINDOW = 1024 * 1024;

/**
 * One segment: a .log file of whole batches and its side files. The active segment takes
 * appends and keeps its indexes in memory; a closed segment is read-only and loads its
 * indexes on its first lookup, through the store's IndexCache, which may drop them again.
 * Reads find positions from the sparse offset index plus a walk over at most one index
 * interval of 12-byte batch prefixes, then read the bytes they return in one read.
 */
export class Segment implements Evictable {
  readonly sideFiles: SideFiles;
  private offsets: OffsetIndex | null = null;
  private times: TimeIndex | null = null;
  private nextOffsetValue: number;
  private maxTimestampValue = -1;
  private bytesSinceIndexEntry = 0;
  private deletedValue = false;
  /** The last batch, when known: a consumer at the tail asks for it, so no index walk is needed. */
  private lastSpan: BatchSpan | null = null;
  /** Batch prefixes (the index walks) read from the recent appends when they hold them, else from the file. */
  private readonly prefixes: Pick<FileHandle, 'readInto'> = {
    readInto: (position, target, targetOffset, length) => {
      const kept = this.ctx.recent?.read(this, position, length);
      return kept ? kept.copy(target, targetOffset) : this.log.readInto(position, target, targetOffset, length);
    },
  };

  private constructor(
    private readonly ctx: SegmentContext,
    readonly baseOffset: number,
    readonly createdAt: number,
    private readonly log: FileHandle,
    private activeValue: boolean,
  ) {
    this.sideFiles = new SideFiles(ctx.fs, ctx.dir, baseOffset);
    this.nextOffsetValue = baseOffset;
  }

  /** A new, empty active segment (a leftover file at this base offset holds nothing we keep). */
  static create(ctx: SegmentContext, baseOffset: number, now: number): Segment {
    const s = new Segment(ctx, baseOffset, now, ctx.fs.open(new SideFiles(ctx.fs, ctx.dir, baseOffset).path('log')), true);
    if (s.log.size() > 0) s.log.truncate(0);
    s.offsets = new OffsetIndex();
    s.times = new TimeIndex();
    return s;
  }

  /**
   * A trusted closed segment (clean shutdown, or below the recovery point): its size comes
   * from the file system, its largest timestamp from the last entry of its time index, its
   * end offset from the next segment's name. Nothing else is read until it is looked up.
   */
  static openClosed(ctx: SegmentContext, baseOffset: number, nextOffset: number): Segment {
    const s = new Segment(ctx, baseOffset, 0, ctx.fs.open(new SideFiles(ctx.fs, ctx.dir, baseOffset).path('log')), false);
    s.nextOffsetValue = nextOffset;
    const last = s.readLastTimeEntry();
    if (last === undefined) s.repairIndexes();
    else s.maxTimestampValue = last?.timestamp ?? -1;
    return s;
  }

  /**
   * The active segment after a clean shutdown: the index files are trusted and stay on disk
   * until the first lookup or append; the tail after the last index entry (at most one index
   * interval) is read to find the end offset.
   */
  static openActive(ctx: SegmentContext, baseOffset: number, now: number): Segment {
    const s = new Segment(ctx, baseOffset, now, ctx.fs.open(new SideFiles(ctx.fs, ctx.dir, baseOffset).path('log')), true);
    const lastEntry = s.readLastOffsetEntry();
    const lastTime = s.readLastTimeEntry();
    if (lastEntry === undefined || lastTime === undefined || (lastEntry === null && s.log.size() > 0)) {
      s.repairIndexes();
      return s;
    }
    s.maxTimestampValue = lastTime?.timestamp ?? -1;
    const from = lastEntry?.position ?? 0;
    s.scan(from, (h, position) => {
      s.bytesSinceIndexEntry = position === from ? 0 : s.bytesSinceIndexEntry;
      s.bytesSinceIndexEntry += h.batchLength + BATCH.LOG_OVERHEAD;
      if (h.maxTimestamp > s.maxTimestampValue) s.maxTimestampValue = h.maxTimestamp;
      s.nextOffsetValue = h.baseOffset + h.lastOffsetDelta + 1;
      s.lastSpan = { position, baseOffset: h.baseOffset, size: h.batchLength + BATCH.LOG_OVERHEAD };
      return true;
    }, 2 * ctx.indexIntervalBytes); // the tail after the last index entry is about one interval
    return s;
  }

  /**
   * Unclean start: validate every batch (length, magic, CRC, offsets continuing from the
   * base), cut the file at the first bad one and rebuild the indexes in memory. Recovery
   * writes no file (it must work on a full disk); the rebuilt index files are staged.
   * `visit` sees every valid batch, so producer state and epochs are replayed in the same pass.
   */
  static recover(ctx: SegmentContext, baseOffset: number, now: number, active: boolean, visit: (h: BatchHeader) => void): { segment: Segment; cutBytes: number } {
    const s = new Segment(ctx, baseOffset, now, ctx.fs.open(new SideFiles(ctx.fs, ctx.dir, baseOffset).path('log')), active);
    const validEnd = s.rebuild(true, visit);
    const cutBytes = s.log.size() - validEnd;
    if (cutBytes > 0) s.log.truncate(validEnd);
    if (!active) s.stageIndexes();
    return { segment: s, cutBytes };
  }

  get size(): number {
    return this.log.size();
  }

  get nextOffset(): number {
    return this.nextOffsetValue;
  }

  get maxTimestamp(): number {
    return this.maxTimestampValue;
  }

  get isEmpty(): boolean {
    return this.log.size() === 0;
  }

  get active(): boolean {
    return this.activeValue;
  }

  /** Deleted by retention or truncation (queued background work skips it). */
  get deleted(): boolean {
    return this.deletedValue;
  }

  /** Append stamped batches (their headers in order) in one write; all of it or nothing (a failed write is cut back). */
  append(bytes: Buffer, headers: readonly BatchHeader[]): void {
    let position = this.log.size();
    appendOrUndo(this.log, bytes, this.sideFiles.path('log'));
    this.ctx.recent?.add(this, position, bytes);
    for (const h of headers) {
      const size = h.batchLength + BATCH.LOG_OVERHEAD;
      this.noteBatch(h.baseOffset, h.baseOffset + h.lastOffsetDelta, h.maxTimestamp, size, position);
      position += size;
    }
  }

  /** The batch holding `offset`, or null when the segment ends before it. */
  locate(offset: number): BatchSpan | null {
    if (offset >= this.nextOffsetValue || this.isEmpty) return null;
    if (this.lastSpan && offset >= this.lastSpan.baseOffset) return this.lastSpan;
    const entry = this.offsetIndex().floorOffset(Math.max(0, offset - this.baseOffset));
    const end = this.log.size();
    let span = spanAt(this.prefixes, entry?.position ?? 0, end);
    while (span) {
      const next = spanAt(this.prefixes, span.position + span.size, end);
      if (!next || next.baseOffset > offset) return span;
      span = next;
    }
    return null;
  }

  /** Where the first batch whose base offset is at or past `offset` starts (the segment's size when none is). */
  positionFrom(offset: number): number {
    if (offset >= this.nextOffsetValue) return this.log.size();
    const span = this.locate(offset);
    if (!span) return this.log.size();
    return span.baseOffset >= offset ? span.position : span.position + span.size;
  }

  /**
   * The last batch boundary in (start, limit]: whole batches only. With `minOne`, at least
   * the end of the first batch (Kafka's progress guarantee for a batch larger than the budget).
   * Returns `start` when no whole batch fits.
   */
  boundaryWithin(start: number, limit: number, minOne: boolean): number {
    const entry = this.offsetIndex().floorPosition(limit);
    let p = entry && entry.position > start ? entry.position : start;
    const end = this.log.size();
    for (;;) {
      const span = spanAt(this.prefixes, p, end);
      if (!span) return p;
      if (p + span.size > limit) return p === start && minOne ? p + span.size : p;
      p += span.size;
    }
  }

  /** Exactly the bytes asked for: from the recent appends when they still hold them (no copy), else one read. */
  read(position: number, length: number): Buffer {
    return this.ctx.recent?.read(this, position, length) ?? this.log.read(position, length);
  }

  /** Position to start a timestamp search: after every batch known to be older than `timestamp`. */
  positionBeforeTimestamp(timestamp: number): number {
    const entry = this.timeIndex().floorBelow(timestamp);
    if (!entry) return 0;
    return this.locate(this.baseOffset + entry.relativeOffset)?.position ?? 0;
  }

  /** Visit whole batches from `position`, reading windows that grow from `firstWindow` (64 KiB) to 1 MiB. */
  scan(position: number, visit: BatchVisitor, firstWindow = FIRST_SCAN_WINDOW): void {
    let pos = position;
    let windowSize = firstWindow;
    const end = this.log.size();
    while (pos < end) {
      const first = spanAt(this.prefixes, pos, end);
      if (!first) return; // torn or damaged tail: nothing more to visit
      const window = this.log.read(pos, Math.max(windowSize, first.size));
      let at = 0;
      while (at + BATCH.HEADER_SIZE <= window.length) {
        const size = batchSizeAt(window, at);
        if (size < BATCH.HEADER_SIZE || at + size > window.length) break;
        if (!visit(readBatchHeader(window, at), pos + at, window, at)) return;
        at += size;
      }
      pos += at;
      windowSize = Math.min(MAX_SCAN_WINDOW, windowSize * 2);
    }
  }

  /**
   * The segment stops taking appends: the time index gets its final entry (the segment's
   * largest timestamp, as Kafka appends when a segment becomes inactive) and both index
   * files are staged for the background flusher.
   */
  seal(): void {
    if (!this.activeValue) return;
    this.activeValue = false;
    const times = this.timeIndex();
    if (this.maxTimestampValue >= 0) times.maybeAppend(this.maxTimestampValue, Math.max(0, this.nextOffsetValue - 1 - this.baseOffset));
    this.stageIndexes();
  }

  /** Cut the segment before the batch holding `offset`; it becomes the active segment again. Returns the new end offset. */
  truncateBefore(offset: number): number {
    const span = this.locate(offset);
    if (!span) return this.nextOffsetValue;
    const offsets = this.offsetIndex();
    const times = this.timeIndex();
    this.ctx.recent?.truncate(this, span.position);
    this.log.truncate(span.position);
    offsets.truncateToPosition(span.position);
    times.truncateToOffset(span.baseOffset - this.baseOffset);
    this.nextOffsetValue = span.baseOffset;
    this.maxTimestampValue = times.last()?.timestamp ?? -1;
    this.bytesSinceIndexEntry = 0;
    this.lastSpan = null;
    const from = offsets.last()?.position ?? 0;
    this.scan(from, (h, position) => {
      this.bytesSinceIndexEntry = position === from ? 0 : this.bytesSinceIndexEntry;
      this.bytesSinceIndexEntry += h.batchLength + BATCH.LOG_OVERHEAD;
      if (h.maxTimestamp > this.maxTimestampValue) this.maxTimestampValue = h.maxTimestamp;
      this.lastSpan = { position, baseOffset: h.baseOffset, size: h.batchLength + BATCH.LOG_OVERHEAD };
      return true;
    });
    this.reactivate();
    return this.nextOffsetValue;
  }

  /** The segment takes appends again (it is the last one left after a truncation or a damaged recovery). */
  reactivate(): void {
    this.offsetIndex();
    this.timeIndex();
    this.activeValue = true;
    this.ctx.cache.forget(this);
    this.sideFiles.unstage('offsetIndex');
    this.sideFiles.unstage('timeIndex');
  }

  /** fsync the log only (an explicit flush: the active segment's indexes are rebuilt by recovery if need be). */
  syncLog(): void {
    this.log.sync();
  }

  /** Write staged side files and fsync them and the log (clean shutdown; a flush of sealed segments). */
  syncAll(): void {
    if (this.activeValue) this.stageIndexes();
    this.sideFiles.sync();
    this.log.sync();
  }

  /** The background flusher's part: staged side files written now, then fsyncs off the event loop. */
  async syncInBackground(): Promise<void> {
    await this.sideFiles.persistAsync();
    if (this.deletedValue) return;
    await this.log.syncAsync();
    if (!this.deletedValue) await this.sideFiles.syncAsync();
  }

  /** Memory the loaded indexes hold. */
  indexMemoryBytes(): number {
    return (this.offsets?.memoryBytes ?? 0) + (this.times?.memoryBytes ?? 0);
  }

  evictIndexes(): void {
    if (this.activeValue || this.sideFiles.dirty) return; // staged content must reach its file first
    this.offsets = null;
    this.times = null;
  }

  close(): void {
    this.ctx.cache.forget(this);
    this.ctx.recent?.forget(this);
    this.log.close();
  }

  delete(): void {
    this.deletedValue = true;
    this.close();
    this.ctx.fs.remove(this.sideFiles.path('log'));
    this.sideFiles.removeAll();
  }

  private noteBatch(baseOffset: number, lastOffset: number, maxTimestamp: number, size: number, position: number): void {
    if (maxTimestamp > this.maxTimestampValue) this.maxTimestampValue = maxTimestamp;
    const offsets = this.offsetIndex();
    if (offsets.count === 0 || this.bytesSinceIndexEntry >= this.ctx.indexIntervalBytes) {
      offsets.append(baseOffset - this.baseOffset, position);
      this.timeIndex().maybeAppend(this.maxTimestampValue, baseOffset - this.baseOffset);
      this.bytesSinceIndexEntry = 0;
    }
    this.bytesSinceIndexEntry += size;
    this.nextOffsetValue = lastOffset + 1;
    this.lastSpan = { position, baseOffset, size };
  }

  /** Rebuild indexes and end offset from the log; with `validate`, stop at the first damaged batch. Returns the valid end. */
  private rebuild(validate: boolean, visit?: (h: BatchHeader) => void): number {
    this.offsets = new OffsetIndex();
    this.times = new TimeIndex();
    this.bytesSinceIndexEntry = 0;
    this.maxTimestampValue = -1;
    this.nextOffsetValue = this.baseOffset;
    this.lastSpan = null;
    let end = 0;
    this.scan(0, (h, position, bytes, at) => {
      if (validate && (!batchIntact(bytes, at) || h.baseOffset !== this.nextOffsetValue || h.lastOffsetDelta < 0)) return false;
      this.noteBatch(h.baseOffset, h.baseOffset + h.lastOffsetDelta, h.maxTimestamp, h.batchLength + BATCH.LOG_OVERHEAD, position);
      visit?.(h);
      end = position + h.batchLength + BATCH.LOG_OVERHEAD;
      return true;
    });
    return end;
  }

  private stageIndexes(): void {
    this.sideFiles.stage('offsetIndex', this.offsetIndex().content());
    this.sideFiles.stage('timeIndex', this.timeIndex().content());
  }

  /** An index file that is missing or not sane is rebuilt from the log and written back (best effort). */
  private repairIndexes(): void {
    const end = this.nextOffsetValue;
    this.rebuild(false);
    if (!this.activeValue) this.nextOffsetValue = Math.max(this.nextOffsetValue, end);
    if (this.activeValue) return;
    this.stageIndexes();
    try {
      this.sideFiles.persist();
    } catch {
      // stays staged (and in memory) until the next flush writes it
    }
  }

  private offsetIndex(): OffsetIndex {
    if (!this.offsets) {
      const content = this.ctx.fs.readFile(this.sideFiles.path('offsetIndex'));
      const decoded = content ? OffsetIndex.decode(content, this.log.size()) : null;
      if (decoded) this.offsets = decoded;
      else this.repairIndexes();
    }
    if (!this.activeValue) this.ctx.cache.touch(this, this.indexMemoryBytes());
    return this.offsets as OffsetIndex;
  }

  private timeIndex(): TimeIndex {
    if (!this.times) {
      const content = this.ctx.fs.readFile(this.sideFiles.path('timeIndex'));
      const decoded = content ? TimeIndex.decode(content) : null;
      if (decoded) this.times = decoded;
      else this.repairIndexes();
    }
    if (!this.activeValue) this.ctx.cache.touch(this, this.indexMemoryBytes());
    return this.times as TimeIndex;
  }

  /** The last entry of the index file (null when empty, undefined when missing or not whole entries). */
  private readLastOffsetEntry(): { relativeOffset: number; position: number } | null | undefined {
    const tail = this.readTail('offsetIndex', 8);
    if (tail === undefined) return undefined;
    if (tail.length === 0) return null;
    const entry = { relativeOffset: tail.readInt32BE(0), position: tail.readInt32BE(4) };
    return entry.position < this.log.size() ? entry : undefined;
  }

  private readLastTimeEntry(): { timestamp: number; relativeOffset: number } | null | undefined {
    const tail = this.readTail('timeIndex', TimeIndex.ENTRY_SIZE);
    if (tail === undefined) return undefined;
    return TimeIndex.lastEntryOf(tail);
  }

  /** The last `entrySize` bytes of a side file; undefined when it is missing or not a whole number of entries. */
  private readTail(kind: 'offsetIndex' | 'timeIndex', entrySize: number): Buffer | undefined {
    const path = this.sideFiles.path(kind);
    if (!this.ctx.fs.exists(path)) return undefined;
    const fh = this.ctx.fs.open(path);
    try {
      const size = fh.size();
      if (size % entrySize !== 0) return undefined;
      return size === 0 ? Buffer.alloc(0) : fh.read(size - entrySize, entrySize);
    } finally {
      fh.close();
    }
  }
}

/**
 * Append all of `data` or nothing: a failed or short write is cut back to the old end, so
 * no later position counts bytes the file does not hold intact. When even that fails, the
 * file's content is unknown and the log must go offline.
 */
function appendOrUndo(file: FileHandle, data: Buffer, path: string): void {
  const end = file.size();
  try {
    file.append(data);
  } catch (cause) {
    try {
      if (file.size() !== end) file.truncate(end);
    } catch (undo) {
      throw new LogStorageError('STORAGE.OFFLINE', `append to ${path} failed (${describeIoError(cause)}) and cutting the partial write back failed (${describeIoError(undo)})`);
    }
    throw new LogStorageError('STORAGE.WRITE_FAILED', `append to ${path} failed and was undone: ${describeIoError(cause)}`);
  }
}
