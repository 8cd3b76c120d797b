import type { Segment } from './segment';
import { isStorageError } from './storage-errors';

/** What the flusher needs from its partition log. */
export interface FlushTarget {
  /** Everything below `offset` is durable now: move the recovery point (in the background too). */
  advanceRecoveryPoint(offset: number): Promise<void>;
  /** fsync failed: the kernel may have dropped dirty pages, so the log can no longer vouch for itself. */
  flushFailed(operation: string, error: unknown): void;
  /** A side file could not be written (a full disk, say); it stays staged and the job is retried later. */
  flushDeferred(error: unknown): void;
}

interface FlushJob {
  readonly segment: Segment;
  /** The segment after it holds the producer snapshot taken at the roll. */
  readonly next: Segment;
}

/**
 * fsyncs rolled segments off the request path. A roll only seals the segment and queues it
 * here; the flusher then writes its staged side files (and the producer snapshot of the
 * segment after it), fsyncs them and the log on the thread pool, and advances the recovery
 * point, one job at a time in offset order. Appends never wait for it: they stay
 * synchronous write(2) calls on the active segment, so request order is append order.
 */
export class BackgroundFlusher {
  private readonly jobs: FlushJob[] = [];
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly target: FlushTarget) {}

  enqueue(segment: Segment, next: Segment): void {
    this.jobs.push({ segment, next });
    this.kick();
  }

  /** Start (or retry) the queue unless it is already running. */
  kick(): void {
    if (this.running || this.stopped || this.jobs.length === 0) return;
    this.running = this.run().finally(() => {
      this.running = null;
    });
  }

  /** Resolves when the queue is empty or stopped (tests and benchmarks). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Do every queued job now, synchronously (an explicit flush, a clean shutdown). Returns the offset now durable. */
  flushNow(): number | null {
    let durable: number | null = null;
    for (const job of this.jobs.splice(0)) {
      if (job.segment.deleted) continue;
      job.segment.syncAll();
      if (!job.next.deleted) job.next.sideFiles.sync();
      durable = job.segment.nextOffset;
    }
    return durable;
  }

  /** Forget queued jobs of segments at or after `baseOffset` (truncated away). */
  dropFrom(baseOffset: number): void {
    for (let i = this.jobs.length - 1; i >= 0; i--) if ((this.jobs[i] as FlushJob).segment.baseOffset >= baseOffset) this.jobs.splice(i, 1);
  }

  stop(): void {
    this.stopped = true;
    this.jobs.length = 0;
  }

  private async run(): Promise<void> {
    while (!this.stopped && this.jobs.length > 0) {
      const job = this.jobs[0] as FlushJob;
      try {
        if (!job.segment.deleted) await job.segment.syncInBackground();
        if (!job.next.deleted && !this.stopped) {
          await job.next.sideFiles.persistAsync();
          await job.next.sideFiles.syncAsync();
        }
      } catch (e) {
        if (this.stopped) return;
        if (isStorageError(e) && e.code === 'STORAGE.WRITE_FAILED') return this.target.flushDeferred(e);
        this.stopped = true;
        return this.target.flushFailed('background flush', e);
      }
      if (this.stopped || this.jobs[0] !== job) continue; // flushed by flushNow or dropped meanwhile
      this.jobs.shift();
      if (!job.segment.deleted) await this.target.advanceRecoveryPoint(job.segment.nextOffset);
    }
  }
}
