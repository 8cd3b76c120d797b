import { join } from 'node:path';
import type { FileSystemPort } from './file-system-port';
import { decodeEpochCheckpoint, encodeEpochCheckpoint, type EpochEntry } from './leader-epoch-cache';
import { PARTITION_FILE } from './segment-files';

/**
 * The partition's checkpoint files (see segment-files.ts): each small, named by what it
 * holds, and replaced whole. A checkpoint that is missing or unreadable reads as "unknown",
 * which costs work (a longer recovery) but never correctness.
 */
export class PartitionCheckpoints {
  private lastRecoveryPoint = -1;

  constructor(
    private readonly fs: FileSystemPort,
    private readonly dir: string,
  ) {}

  readLogStart(): number | null {
    return this.readNumber(PARTITION_FILE.logStartOffset);
  }

  writeLogStart(offset: number): void {
    this.fs.writeFileAtomic(join(this.dir, PARTITION_FILE.logStartOffset), Buffer.from(String(offset)));
  }

  /** Everything below this offset was fsynced (log and side files); 0 when unknown. */
  readRecoveryPoint(): number {
    return this.readNumber(PARTITION_FILE.recoveryPoint) ?? 0;
  }

  /** Durably (clean shutdown, truncation). */
  writeRecoveryPoint(offset: number): void {
    this.fs.writeFileAtomic(join(this.dir, PARTITION_FILE.recoveryPoint), Buffer.from(String(offset)));
    this.lastRecoveryPoint = offset;
  }

  /**
   * The background flusher's way: replace the file, then fsync it and the directory off the
   * event loop. A crash before those fsyncs leaves the old value or an unreadable file, both
   * of which only make the next recovery longer.
   */
  async writeRecoveryPointInBackground(offset: number): Promise<void> {
    if (offset <= this.lastRecoveryPoint) return;
    const path = join(this.dir, PARTITION_FILE.recoveryPoint);
    this.lastRecoveryPoint = offset;
    await this.fs.replaceFileAsync(path, Buffer.from(String(offset)));
    const fh = this.fs.open(path);
    try {
      await fh.syncAsync();
    } finally {
      fh.close();
    }
    await this.fs.syncDirAsync(this.dir);
  }

  readEpochs(): EpochEntry[] {
    const bytes = this.fs.readFile(join(this.dir, PARTITION_FILE.leaderEpochs));
    return (bytes && decodeEpochCheckpoint(bytes)) ?? [];
  }

  writeEpochs(entries: readonly EpochEntry[]): void {
    this.fs.writeFileAtomic(join(this.dir, PARTITION_FILE.leaderEpochs), encodeEpochCheckpoint(entries));
  }

  private readNumber(name: string): number | null {
    const bytes = this.fs.readFile(join(this.dir, name));
    if (!bytes) return null;
    const text = bytes.toString().trim();
    return /^\d+$/.test(text) ? Number(text) : null;
  }
}
