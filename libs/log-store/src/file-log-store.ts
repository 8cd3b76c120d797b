import { join } from 'node:path';
import type { Clock, Logger } from '@orderlab/shared';
import type { FileSystemPort } from './file-system-port';
import { FilePartitionLog, type RecordTimestamps } from './file-partition-log';
import { OfflineGuard } from './offline-guard';
import type { LogConfig, LogStore, PartitionLog } from './log-types';

export interface FileLogStoreOptions {
  /** Root directory: one sub-directory per partition, `<topic>-<partition>`. */
  readonly dir: string;
  readonly fs: FileSystemPort;
  readonly clock: Clock;
  /** Decodes a batch's record offsets and timestamps for exact ListOffsets-by-time; may throw. */
  readonly recordTimestamps?: RecordTimestamps;
  readonly logger?: Logger;
}

const CLEAN_SHUTDOWN = '.clean-shutdown';

/**
 * Partitions as directories of segments under one root. A marker written after
 * everything was fsynced on close tells the next start it may skip recovery.
 */
export class FileLogStore implements LogStore {
  readonly cleanStart: boolean;
  private readonly logs = new Map<string, OfflineGuard>();

  constructor(private readonly o: FileLogStoreOptions) {
    o.fs.mkdirp(o.dir);
    const marker = join(o.dir, CLEAN_SHUTDOWN);
    // A store with no partitions yet has nothing to recover either.
    this.cleanStart = o.fs.exists(marker) || this.list().length === 0;
    o.fs.remove(marker);
    o.fs.syncDir(o.dir);
  }

  open(topic: string, partition: number, config: LogConfig): PartitionLog {
    const key = `${topic}-${partition}`;
    const existing = this.logs.get(key);
    if (existing) return existing;
    const log = new OfflineGuard(
      new FilePartitionLog(
        { fs: this.o.fs, dir: join(this.o.dir, key), topic, partition, clock: this.o.clock, recover: !this.cleanStart, recordTimestamps: this.o.recordTimestamps, logger: this.o.logger },
        config,
      ),
      this.o.logger,
    );
    this.logs.set(key, log);
    return log;
  }

  remove(topic: string, partition: number): void {
    const key = `${topic}-${partition}`;
    const log = this.logs.get(key);
    this.logs.delete(key);
    if (log) log.destroy();
    else this.o.fs.removeDir(join(this.o.dir, key));
    this.o.fs.syncDir(this.o.dir);
  }

  list(): Array<{ topic: string; partition: number }> {
    const out: Array<{ topic: string; partition: number }> = [];
    for (const name of this.o.fs.list(this.o.dir)) {
      const m = /^(.+)-(\d+)$/.exec(name);
      if (m) out.push({ topic: m[1] as string, partition: Number(m[2]) });
    }
    return out;
  }

  /** The clean-shutdown marker is written only when every log was flushed and closed. */
  close(): void {
    let clean = true;
    for (const log of this.logs.values()) {
      try {
        log.close();
      } catch (e) {
        clean = false;
        this.o.logger?.error({ topic: log.topic, partition: log.partition, err: (e as Error).message }, 'log not closed cleanly; the next start recovers it');
      }
    }
    this.logs.clear();
    if (!clean) return;
    this.o.fs.writeFileAtomic(join(this.o.dir, CLEAN_SHUTDOWN), Buffer.alloc(0));
    this.o.fs.syncDir(this.o.dir);
  }
}
