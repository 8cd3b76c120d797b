import { BATCH_HEADER_SIZE, frameIntact, frameSize, readFrame, type BatchFrame } from './batch-frame';
import type { FileHandle, FileSystemPort } from './file-system-port';
import { LogStorageError, describeIoError } from './storage-errors';
import { segmentPaths, type SegmentPaths } from './segment-files';
import {
  decodeOffsetEntries,
  decodeTimeEntries,
  encodeOffsetEntries,
  encodeTimeEntries,
  floorIndex,
  type OffsetEntry,
  type TimeEntry,
} from './sparse-index';

const SCAN_WINDOW = 1024 * 1024;

/**
 * One segment: a .log file of whole batches plus its sparse indexes. Only the active
 * segment is appended to; closed segments are read-only. Index entries live in memory
 * and reach their files on flush (roll, fsync, close); recovery rebuilds them from the log.
 */
export class Segment {
  private offsetIndex: OffsetEntry[] = [];
  private timeIndex: TimeEntry[] = [];
  private flushedOffsetEntries = 0;
  private flushedTimeEntries = 0;
  private bytesSinceIndexEntry = 0;
  private maxTimestampValue = -1;
  private lastIndexedMaxTimestamp = -1;
  private nextOffsetValue: number;
  private readonly paths: SegmentPaths;
  private readonly log: FileHandle;

  private constructor(
    private readonly fs: FileSystemPort,
    dir: string,
    readonly baseOffset: number,
    private readonly indexIntervalBytes: number,
    readonly createdAt: number,
  ) {
    this.paths = segmentPaths(dir, baseOffset);
    this.log = fs.open(this.paths.log);
    this.nextOffsetValue = baseOffset;
  }

  static create(fs: FileSystemPort, dir: string, baseOffset: number, indexIntervalBytes: number, now: number): Segment {
    const s = new Segment(fs, dir, baseOffset, indexIntervalBytes, now);
    if (s.log.size() > 0) s.log.truncate(0); // a leftover file at a new base offset holds nothing we keep
    return s;
  }

  /** Open an existing segment: trust its index files, or rebuild them by validating every batch. */
  static open(fs: FileSystemPort, dir: string, baseOffset: number, indexIntervalBytes: number, now: number, recover: boolean): Segment {
    const s = new Segment(fs, dir, baseOffset, indexIntervalBytes, now);
    if (recover) s.recover();
    else s.loadIndexes();
    return s;
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

  /** Append one stamped batch (its frame was read from the same bytes). */
  append(batch: Buffer, frame: BatchFrame): void {
    const position = this.log.size();
    appendOrUndo(this.log, batch, this.paths.log);
    this.noteBatch(frame, position);
  }

  private noteBatch(frame: BatchFrame, position: number): void {
    if (frame.maxTimestamp > this.maxTimestampValue) this.maxTimestampValue = frame.maxTimestamp;
    if (this.offsetIndex.length === 0 || this.bytesSinceIndexEntry >= this.indexIntervalBytes) {
      this.offsetIndex.push({ relativeOffset: frame.baseOffset - this.baseOffset, position });
      this.bytesSinceIndexEntry = 0;
      if (this.maxTimestampValue > this.lastIndexedMaxTimestamp) {
        this.timeIndex.push({ timestamp: this.maxTimestampValue, relativeOffset: frame.baseOffset - this.baseOffset });
        this.lastIndexedMaxTimestamp = this.maxTimestampValue;
      }
    }
    this.bytesSinceIndexEntry += frame.size;
    this.nextOffsetValue = frame.lastOffset + 1;
  }

  /** Position of the batch containing `offset`, or -1 when the segment ends before it. */
  positionOf(offset: number): number {
    const i = floorIndex(this.offsetIndex, offset - this.baseOffset, (e) => e.relativeOffset);
    let found = -1;
    this.scan(i < 0 ? 0 : (this.offsetIndex[i] as OffsetEntry).position, (frame, position) => {
      if (frame.lastOffset < offset) return true;
      found = position;
      return false;
    });
    return found;
  }

  /** Position to start a timestamp search: after every batch known to be older than `timestamp`. */
  positionBeforeTimestamp(timestamp: number): number {
    const i = floorIndex(this.timeIndex, timestamp - 1, (e) => e.timestamp);
    if (i < 0) return 0;
    return Math.max(0, this.positionOf(this.baseOffset + (this.timeIndex[i] as TimeEntry).relativeOffset));
  }

  /** Visit whole batches from `position`; stop when `visit` returns false. */
  scan(position: number, visit: (frame: BatchFrame, position: number, bytes: Buffer, at: number) => boolean): void {
    let pos = position;
    const end = this.log.size();
    while (pos < end) {
      const window = this.log.read(pos, Math.max(SCAN_WINDOW, 12));
      let at = 0;
      while (at < window.length) {
        const size = frameSize(window, at);
        if (size < BATCH_HEADER_SIZE || at + size > window.length) break;
        if (!visit(readFrame(window, at), pos + at, window, at)) return;
        at += size;
      }
      if (at === 0) {
        const size = frameSize(window, 0);
        if (size < BATCH_HEADER_SIZE || pos + size > end) return; // torn or damaged tail: nothing more to visit
        const whole = this.log.read(pos, size);
        if (!visit(readFrame(whole, 0), pos, whole, 0)) return;
        at = size;
      }
      pos += at;
    }
  }

  read(position: number, length: number): Buffer {
    return this.log.read(position, length);
  }

  /** Cut the segment at a batch boundary and rebuild the in-memory state for what is left. */
  truncateAt(position: number): void {
    this.log.truncate(position);
    this.rebuildFromLog(false);
    this.writeIndexFiles();
  }

  /** Write pending index entries to their files. */
  flushIndexes(): void {
    if (this.offsetIndex.length > this.flushedOffsetEntries) {
      const fh = this.fs.open(this.paths.index);
      try {
        appendOrUndo(fh, encodeOffsetEntries(this.offsetIndex.slice(this.flushedOffsetEntries)), this.paths.index);
      } finally {
        fh.close();
      }
      this.flushedOffsetEntries = this.offsetIndex.length;
    }
    if (this.timeIndex.length > this.flushedTimeEntries) {
      const fh = this.fs.open(this.paths.timeIndex);
      try {
        appendOrUndo(fh, encodeTimeEntries(this.timeIndex.slice(this.flushedTimeEntries)), this.paths.timeIndex);
      } finally {
        fh.close();
      }
      this.flushedTimeEntries = this.timeIndex.length;
    }
  }

  /** fsync the log and its indexes. */
  sync(): void {
    this.flushIndexes();
    this.log.sync();
    for (const p of [this.paths.index, this.paths.timeIndex]) {
      const fh = this.fs.open(p);
      fh.sync();
      fh.close();
    }
  }

  close(): void {
    this.log.close();
  }

  delete(): void {
    this.log.close();
    for (const p of [this.paths.log, this.paths.index, this.paths.timeIndex]) this.fs.remove(p);
  }

  /**
   * Unclean start: validate every batch, cut the log at the first bad one, rebuild the
   * indexes in memory. Their stale files are removed rather than rewritten, so recovery
   * writes nothing (it must work on a full disk); the next flush writes them whole.
   */
  private recover(): void {
    const validEnd = this.rebuildFromLog(true);
    if (validEnd < this.log.size()) this.log.truncate(validEnd);
    this.fs.remove(this.paths.index);
    this.fs.remove(this.paths.timeIndex);
    this.flushedOffsetEntries = 0;
    this.flushedTimeEntries = 0;
  }

  /** Rebuild indexes and end offset from the log; with `validate`, stop at the first damaged batch. Returns the end position. */
  private rebuildFromLog(validate: boolean): number {
    this.offsetIndex = [];
    this.timeIndex = [];
    this.bytesSinceIndexEntry = 0;
    this.maxTimestampValue = -1;
    this.lastIndexedMaxTimestamp = -1;
    this.nextOffsetValue = this.baseOffset;
    let end = 0;
    this.scan(0, (frame, position, bytes, at) => {
      if (validate && (!frameIntact(bytes, at) || frame.baseOffset !== this.nextOffsetValue || frame.lastOffset < frame.baseOffset)) return false;
      this.noteBatch(frame, position);
      end = position + frame.size;
      return true;
    });
    return end;
  }

  private writeIndexFiles(): void {
    this.fs.writeFileAtomic(this.paths.index, encodeOffsetEntries(this.offsetIndex));
    this.fs.writeFileAtomic(this.paths.timeIndex, encodeTimeEntries(this.timeIndex));
    this.flushedOffsetEntries = this.offsetIndex.length;
    this.flushedTimeEntries = this.timeIndex.length;
  }

  /** Clean start: indexes come from their files; only the tail after the last entry is scanned. */
  private loadIndexes(): void {
    this.offsetIndex = decodeOffsetEntries(this.fs.readFile(this.paths.index) ?? Buffer.alloc(0));
    this.timeIndex = decodeTimeEntries(this.fs.readFile(this.paths.timeIndex) ?? Buffer.alloc(0));
    this.flushedOffsetEntries = this.offsetIndex.length;
    this.flushedTimeEntries = this.timeIndex.length;
    const lastTime = this.timeIndex[this.timeIndex.length - 1];
    this.maxTimestampValue = lastTime?.timestamp ?? -1;
    this.lastIndexedMaxTimestamp = this.maxTimestampValue;
    const last = this.offsetIndex[this.offsetIndex.length - 1];
    const from = last?.position ?? 0;
    if (!last) {
      this.rebuildFromLog(false);
      return;
    }
    this.scan(from, (frame, position) => {
      if (position > from) this.bytesSinceIndexEntry += frame.size;
      else this.bytesSinceIndexEntry = frame.size;
      if (frame.maxTimestamp > this.maxTimestampValue) this.maxTimestampValue = frame.maxTimestamp;
      this.nextOffsetValue = frame.lastOffset + 1;
      return true;
    });
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
