import { join } from 'node:path';
import type { Clock, Logger } from '@orderlab/shared';
import { DueQueue } from './due-queue';
import type { FileSystemPort } from './file-system-port';
import { FilePartitionLog, type MaintenanceKind, type MaintenanceScheduler, type RecordTimestamps } from './file-partition-log';
import { IndexCache } from './index-cache';
import type { LogConfig, LogStore, PartitionLog } from './log-types';
import { OfflineGuard } from './offline-guard';
import { RecentAppends } from './recent-appends';
import { DEFAULT_PRODUCER_ID_EXPIRATION_MS } from './producer-state';
import { isStorageError } from './storage-errors';

export interface FileLogStoreOptions {
  /** Root directory: one sub-directory per partition, `<topic>-<partition>`. */
  readonly dir: string;
  readonly fs: FileSystemPort;
  readonly clock: Clock;
  /** Decodes a batch's record offsets and timestamps for exact ListOffsets-by-time; may throw. */
  readonly recordTimestamps?: RecordTimestamps;
  readonly logger?: Logger;
  /** producer.id.expiration.ms; Kafka's default is one day. */
  readonly producerIdExpirationMs?: number;
  /** Memory closed segments' loaded indexes may hold, all partitions together. Default 8 MiB. */
  readonly indexCacheBytes?: number;
  /**
   * Memory the latest appends may stay in, all partitions together, so a follower's fetch or a
   * consumer at the tail is answered from them without a read (RecentAppends). Default 16 MiB; 0 = off.
   */
  readonly recentAppendBytes?: number;
}

const CLEAN_SHUTDOWN = '.clean-shutdown';

/**
 * Partitions as directories of segments under one root. A marker written after
 * everything was fsynced on close tells the next start it may skip recovery. Timer work
 * (flush.ms, retention, producer expiry) sits in due queues, so a tick costs what is due.
 */
export class FileLogStore implements LogStore {
  readonly cleanStart: boolean;
  private readonly logs = new Map<string, OfflineGuard>();
  private readonly owners = new Map<FilePartitionLog, OfflineGuard>();
  private readonly cache: IndexCache;
  private readonly recent: RecentAppends;
  private readonly due: Record<MaintenanceKind, DueQueue<FilePartitionLog>> = { flush: new DueQueue(), retention: new DueQueue(), expiry: new DueQueue(), retry: new DueQueue() };
  private readonly scheduler: MaintenanceScheduler;

  constructor(private readonly o: FileLogStoreOptions) {
    o.fs.mkdirp(o.dir);
    const marker = join(o.dir, CLEAN_SHUTDOWN);
    // A store with no partitions yet has nothing to recover either.
    this.cleanStart = o.fs.exists(marker) || this.list().length === 0;
    o.fs.remove(marker);
    o.fs.syncDir(o.dir);
    this.cache = new IndexCache(o.indexCacheBytes ?? 8 * 1024 * 1024);
    this.recent = new RecentAppends(o.recentAppendBytes ?? 16 * 1024 * 1024);
    this.scheduler = {
      schedule: (log, kind, at) => (at === null ? this.due[kind].delete(log) : this.due[kind].set(log, at)),
      scheduleEarliest: (log, kind, at) => this.due[kind].setEarliest(log, at),
    };
  }

  open(topic: string, partition: number, config: LogConfig): PartitionLog {
    const key = `${topic}-${partition}`;
    const existing = this.logs.get(key);
    if (existing) return existing;
    const log = new OfflineGuard(
      (onBackgroundFailure) =>
        new FilePartitionLog(
          {
            fs: this.o.fs,
            dir: join(this.o.dir, key),
            topic,
            partition,
            clock: this.o.clock,
            clean: this.cleanStart,
            cache: this.cache,
            recent: this.recent,
            scheduler: this.scheduler,
            producerIdExpirationMs: this.o.producerIdExpirationMs ?? DEFAULT_PRODUCER_ID_EXPIRATION_MS,
            onBackgroundFailure,
            recordTimestamps: this.o.recordTimestamps,
            logger: this.o.logger,
          },
          config,
        ),
      this.o.logger,
    );
    this.logs.set(key, log);
    this.owners.set(log.inner, log);
    return log;
  }

  remove(topic: string, partition: number): void {
    const key = `${topic}-${partition}`;
    const log = this.logs.get(key);
    this.logs.delete(key);
    if (log) {
      this.forget(log);
      log.destroy();
    } else {
      this.o.fs.removeDir(join(this.o.dir, key));
    }
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

  runDueMaintenance(): void {
    const now = this.o.clock.now();
    for (const log of this.due.flush.popDue(now)) this.run(log, (g) => g.flushIfDue());
    for (const log of this.due.expiry.popDue(now)) this.run(log, (g) => g.removeExpiredProducers());
    for (const log of this.due.retry.popDue(now)) this.run(log, () => log.retryDeferredFlushes());
  }

  runDueRetention(): Array<{ topic: string; partition: number; logStartOffset: number }> {
    const moved: Array<{ topic: string; partition: number; logStartOffset: number }> = [];
    for (const log of this.due.retention.popDue(this.o.clock.now())) {
      this.run(log, (g) => {
        const before = g.logStartOffset();
        const after = g.applyRetention();
        if (after !== before) moved.push({ topic: g.topic, partition: g.partition, logStartOffset: after });
      });
    }
    return moved;
  }

  /** Memory that closed segments' loaded indexes hold now (bounded by indexCacheBytes). */
  loadedIndexBytes(): number {
    return this.cache.bytes;
  }

  /** Resolves when no log has background fsyncs queued or in flight (tests, benchmarks). */
  async flushedInBackground(): Promise<void> {
    for (const log of this.logs.values()) await log.inner.flushedInBackground();
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
    for (const log of this.logs.values()) this.forget(log);
    this.logs.clear();
    if (!clean) return;
    this.o.fs.writeFileAtomic(join(this.o.dir, CLEAN_SHUTDOWN), Buffer.alloc(0));
    this.o.fs.syncDir(this.o.dir);
  }

  /** Timer work on one log; a storage failure was already logged by its guard and does not stop the others. */
  private run(log: FilePartitionLog, work: (guard: OfflineGuard) => void): void {
    const guard = this.owners.get(log);
    if (!guard || guard.offlineReason() !== null) return;
    try {
      work(guard);
    } catch (e) {
      if (!isStorageError(e)) throw e;
    }
  }

  private forget(log: OfflineGuard): void {
    this.owners.delete(log.inner);
    for (const q of Object.values(this.due)) q.delete(log.inner);
  }
}
