import type { Logger } from '@orderlab/shared';
import type { FilePartitionLog } from './file-partition-log';
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
import type { ProducerStateView } from './producer-state';
import { LogInputError, LogStorageError, describeIoError, isStorageError } from './storage-errors';

/**
 * Puts every operation of a partition log behind one rule. A write that failed and was
 * undone (STORAGE.WRITE_FAILED) passes through: the log is as before. Any other failure
 * leaves the log in a state nobody can vouch for (a failed undo or fsync, a read error), so
 * the log goes offline for good, as Kafka takes a failed log directory offline: every later
 * call fails with STORAGE.OFFLINE until a restart recovers it.
 */
export class OfflineGuard implements PartitionLog {
  private offline: string | null = null;
  readonly inner: FilePartitionLog;

  /** `open` builds the log, given the callback its background work reports failures to. */
  constructor(
    open: (onBackgroundFailure: (operation: string, error: unknown) => void) => FilePartitionLog,
    private readonly logger?: Logger,
  ) {
    this.inner = open((operation, error) => this.fail(operation, error));
  }

  get topic(): string {
    return this.inner.topic;
  }

  get partition(): number {
    return this.inner.partition;
  }

  offlineReason(): string | null {
    return this.offline;
  }

  logStartOffset(): number {
    return this.inner.logStartOffset();
  }

  logEndOffset(): number {
    return this.inner.logEndOffset();
  }

  sizeBytes(): number {
    return this.inner.sizeBytes();
  }

  config(): LogConfig {
    return this.inner.config();
  }

  updateConfig(config: LogConfig): void {
    this.inner.updateConfig(config);
  }

  producerState(): ProducerStateView {
    return this.inner.producerState();
  }

  leaderEpochs(): LeaderEpochView {
    return this.inner.leaderEpochs();
  }

  append(batch: Buffer, info: AppendInfo): AppendResult {
    return this.guard('append', () => this.inner.append(batch, info));
  }

  appendReplicated(batches: Buffer): AppendResult {
    return this.guard('appendReplicated', () => this.inner.appendReplicated(batches));
  }

  read(offset: number, maxBytes: number, options?: ReadOptions): ReadResult {
    return this.guard('read', () => this.inner.read(offset, maxBytes, options));
  }

  position(offset: number): LogPosition | null {
    return this.guard('position', () => this.inner.position(offset));
  }

  bytesAfter(from: LogPosition): number | null {
    return this.guard('bytesAfter', () => this.inner.bytesAfter(from));
  }

  removeExpiredProducers(): number {
    return this.guard('removeExpiredProducers', () => this.inner.removeExpiredProducers());
  }

  offsetForTimestamp(timestamp: number): TimestampLookup | null {
    return this.guard('offsetForTimestamp', () => this.inner.offsetForTimestamp(timestamp));
  }

  scanBatches(fromOffset: number, visit: (b: StoredBatch) => void): void {
    this.guard('scanBatches', () => this.inner.scanBatches(fromOffset, visit));
  }

  truncateTo(offset: number): void {
    this.guard('truncateTo', () => this.inner.truncateTo(offset));
  }

  truncateFullyAndStartAt(offset: number): void {
    this.guard('truncateFullyAndStartAt', () => this.inner.truncateFullyAndStartAt(offset));
  }

  applyRetention(): number {
    return this.guard('applyRetention', () => this.inner.applyRetention());
  }

  deleteRecordsBefore(offset: number): void {
    this.guard('deleteRecordsBefore', () => this.inner.deleteRecordsBefore(offset));
  }

  flush(): void {
    this.guard('flush', () => this.inner.flush());
  }

  flushIfDue(): void {
    this.guard('flushIfDue', () => this.inner.flushIfDue());
  }

  /** Flush and release handles; an offline log only releases them (there is nothing it can vouch for). */
  close(): void {
    if (this.offline !== null) {
      this.inner.release();
      throw this.offlineError();
    }
    this.guard('close', () => this.inner.close());
  }

  destroy(): void {
    this.inner.destroy();
  }

  private guard<T>(operation: string, fn: () => T): T {
    if (this.offline !== null) throw this.offlineError();
    try {
      return fn();
    } catch (e) {
      if (e instanceof LogInputError) throw e;
      if (isStorageError(e) && e.code === 'STORAGE.WRITE_FAILED') {
        this.logger?.warn({ topic: this.topic, partition: this.partition, operation, reason: e.message }, 'log write failed and was undone; the log is unchanged');
        throw e;
      }
      this.fail(operation, e);
      throw this.offlineError();
    }
  }

  private fail(operation: string, e: unknown): void {
    if (this.offline !== null) return;
    this.offline = `${operation} failed: ${describeIoError(e)}`;
    this.logger?.error(
      { topic: this.topic, partition: this.partition, operation, reason: this.offline },
      `partition ${this.topic}-${this.partition} is offline: produce and fetch get KAFKA_STORAGE_ERROR until the broker restarts and recovers its log`,
    );
    this.inner.release();
  }

  private offlineError(): LogStorageError {
    return new LogStorageError('STORAGE.OFFLINE', `${this.topic}-${this.partition} is offline: ${this.offline}`);
  }
}
