import { join } from 'node:path';
import type { FileSystemPort } from './file-system-port';
import { LogStorageError, describeIoError } from './storage-errors';

/**
 * The files of a partition directory, in Kafka's naming.
 *
 * A segment's files share its base offset (20 digits, so `ls` sorts them) and differ by
 * suffix: the `.log` itself and its side files. Every side file follows one lifecycle, kept
 * by SideFiles: its content is staged in memory, written with replaceFile (no fsync on the
 * request path), fsynced by the background flusher before the recovery point passes the
 * segment, and deleted with the segment (retention, truncation). A side file is either
 * derived from the log (the indexes: rebuilt when recovery re-validates the segment) or
 * validated on load (the producer snapshot: CRC), so one that a crash left torn is never
 * trusted. Kafka's `.txnindex` (aborted transactions) will be one more kind here.
 *
 * The partition's checkpoints are small files named by what they hold, replaced with
 * writeFileAtomic (fsync included): the log start offset, the recovery point, and the
 * leader-epoch checkpoint.
 */
export const SEGMENT_FILE = {
  log: '.log',
  offsetIndex: '.index',
  timeIndex: '.timeindex',
  /** Producer state as of the segment's base offset (Kafka's `<offset>.snapshot`). */
  producerSnapshot: '.snapshot',
} as const;

export type SegmentFileKind = keyof typeof SEGMENT_FILE;
export type SideFileKind = Exclude<SegmentFileKind, 'log'>;

export const PARTITION_FILE = {
  logStartOffset: 'log-start-offset',
  recoveryPoint: 'recovery-point',
  leaderEpochs: 'leader-epoch-checkpoint',
} as const;

/** Kafka's naming: the base offset padded to 20 digits, so `ls` sorts segments numerically. */
export function segmentName(baseOffset: number): string {
  return String(baseOffset).padStart(20, '0');
}

export function segmentFile(dir: string, baseOffset: number, kind: SegmentFileKind): string {
  return join(dir, `${segmentName(baseOffset)}${SEGMENT_FILE[kind]}`);
}

/** Offsets of the files of one kind in a partition directory, ascending. */
export function offsetsOfKind(names: readonly string[], kind: SegmentFileKind): number[] {
  const suffix = SEGMENT_FILE[kind];
  return names
    .filter((n) => n.length === 20 + suffix.length && n.endsWith(suffix) && /^\d{20}$/.test(n.slice(0, 20)))
    .map((n) => Number(n.slice(0, 20)))
    .sort((a, b) => a - b);
}

/** Base offsets of the segments in a partition directory, ascending. */
export function segmentBaseOffsets(names: readonly string[]): number[] {
  return offsetsOfKind(names, 'log');
}

/** The side files of one segment: staged content, written and synced on the lifecycle above. */
export class SideFiles {
  private readonly staged = new Map<SideFileKind, Buffer>();
  private readonly written = new Set<SideFileKind>();

  constructor(
    private readonly fs: FileSystemPort,
    private readonly dir: string,
    private readonly baseOffset: number,
  ) {}

  /** Built once per kind: the log's path is asked for on every append. */
  private readonly paths = new Map<SegmentFileKind, string>();

  path(kind: SegmentFileKind): string {
    let p = this.paths.get(kind);
    if (p === undefined) this.paths.set(kind, (p = segmentFile(this.dir, this.baseOffset, kind)));
    return p;
  }

  /** Content to write at the next persist (replacing what the file holds). */
  stage(kind: SideFileKind, content: Buffer): void {
    this.staged.set(kind, content);
  }

  get dirty(): boolean {
    return this.staged.size > 0;
  }

  /** Write what is staged, without fsync. A failure (STORAGE.WRITE_FAILED) leaves the rest staged for the next attempt. */
  persist(): void {
    for (const [kind, content] of [...this.staged]) {
      try {
        this.fs.replaceFile(this.path(kind), content);
      } catch (e) {
        throw new LogStorageError('STORAGE.WRITE_FAILED', `writing ${this.path(kind)} failed: ${describeIoError(e)}`);
      }
      this.staged.delete(kind);
      this.written.add(kind);
    }
  }

  /** persist() off the event loop (the background flusher). */
  async persistAsync(): Promise<void> {
    for (const [kind, content] of [...this.staged]) {
      try {
        await this.fs.replaceFileAsync(this.path(kind), content);
      } catch (e) {
        throw new LogStorageError('STORAGE.WRITE_FAILED', `writing ${this.path(kind)} failed: ${describeIoError(e)}`);
      }
      if (this.staged.get(kind) === content) this.staged.delete(kind);
      this.written.add(kind);
    }
  }

  /** fsync what was written since the last sync (off the event loop). */
  async syncAsync(): Promise<void> {
    for (const kind of [...this.written]) {
      const fh = this.fs.open(this.path(kind));
      try {
        await fh.syncAsync();
      } finally {
        fh.close();
      }
      this.written.delete(kind);
    }
  }

  /** Write what is staged and fsync everything written (clean shutdown, explicit flush). */
  sync(): void {
    this.persist();
    for (const kind of [...this.written]) {
      const fh = this.fs.open(this.path(kind));
      try {
        fh.sync();
      } finally {
        fh.close();
      }
      this.written.delete(kind);
    }
  }

  /** Forget staged content of a kind (e.g. the index a truncation rewrites anyway). */
  unstage(kind: SideFileKind): void {
    this.staged.delete(kind);
  }

  remove(kind: SideFileKind): void {
    this.staged.delete(kind);
    this.written.delete(kind);
    this.fs.remove(this.path(kind));
  }

  removeAll(): void {
    for (const kind of Object.keys(SEGMENT_FILE) as SegmentFileKind[]) {
      if (kind !== 'log') this.remove(kind);
    }
  }
}
