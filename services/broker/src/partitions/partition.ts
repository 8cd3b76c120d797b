import { ErrorCode, type BatchHeader } from '@orderlab/kafka-protocol';
import { isStorageError, type LogPosition, type PartitionLog, type ReadResult } from '@orderlab/log-store';

export interface AppendOutcome {
  readonly errorCode: number;
  readonly message?: string;
  readonly baseOffset: number;
  readonly logAppendTimeMs: number;
  readonly logStartOffset: number;
}

export interface PartitionReadResult extends ReadResult {
  readonly highWatermark: number;
  readonly lastStableOffset: number;
  readonly logStartOffset: number;
}

/** Why waiting fetches are woken: data arrived, or the partition is going away (deleted, broker stopping). */
export type PartitionChange = 'appended' | 'closing';

/**
 * One partition hosted on this broker (its only replica for now; replication makes it a
 * leader or a follower): its log, which owns the idempotent-producer state and the leader
 * epochs, the leader epoch it appends with, and its high watermark. Appends are
 * synchronous, so the order of appends is the order requests were processed.
 */
export class Partition {
  private readonly listeners = new Set<(change: PartitionChange) => void>();
  private highWatermarkValue: number;

  constructor(
    readonly topic: string,
    readonly index: number,
    readonly log: PartitionLog,
    private leaderEpochValue: number,
    private isrValue: readonly number[],
  ) {
    this.highWatermarkValue = log.logEndOffset();
  }

  get leaderEpoch(): number {
    return this.leaderEpochValue;
  }

  isrSize(): number {
    return this.isrValue.length;
  }

  /** With one replica the high watermark is the log end; replication (later) moves it on follower progress. */
  highWatermark(): number {
    return this.highWatermarkValue;
  }

  /** No transactions yet: nothing is open, so the last stable offset is the high watermark. */
  lastStableOffset(): number {
    return this.highWatermarkValue;
  }

  logStartOffset(): number {
    return this.log.logStartOffset();
  }

  logEndOffset(): number {
    return this.log.logEndOffset();
  }

  /** Why the partition's log went offline (clients get KAFKA_STORAGE_ERROR), or null. */
  offlineReason(): string | null {
    return this.log.offlineReason();
  }

  /** Append a validated client batch, applying the idempotence checks first. */
  appendBatch(batch: Buffer, h: BatchHeader): AppendOutcome {
    if (h.producerId >= 0) {
      const check = this.log.producerState().check(h);
      if (check.kind === 'duplicate') return this.outcome(0, check.baseOffset);
      if (check.kind === 'error') return { ...this.outcome(check.errorCode, -1), message: check.message };
    }
    let baseOffset: number;
    try {
      const result = this.log.append(batch, { leaderEpoch: this.leaderEpochValue });
      baseOffset = result.baseOffset;
      this.highWatermarkValue = result.logEndOffset;
    } catch (e) {
      if (!isStorageError(e)) throw e;
      return { ...this.outcome(ErrorCode.KAFKA_STORAGE_ERROR, -1), message: e.message };
    }
    this.notify('appended');
    return this.outcome(0, baseOffset);
  }

  /** Read for a consumer: OFFSET_OUT_OF_RANGE outside [logStart, logEnd]; never beyond the high watermark / LSO. */
  read(fetchOffset: number, maxBytes: number, readCommitted: boolean, minOneBatch: boolean): PartitionReadResult | { errorCode: number } {
    if (this.log.offlineReason() !== null) return { errorCode: ErrorCode.KAFKA_STORAGE_ERROR };
    if (fetchOffset < this.log.logStartOffset() || fetchOffset > this.log.logEndOffset()) {
      return { errorCode: ErrorCode.OFFSET_OUT_OF_RANGE };
    }
    const bound = readCommitted ? this.lastStableOffset() : this.highWatermark();
    const empty = fetchOffset >= bound || maxBytes <= 0;
    let result: ReadResult;
    try {
      result = empty ? { chunks: [], bytes: 0 } : this.log.read(fetchOffset, maxBytes, { maxOffset: bound, minOneBatch });
    } catch (e) {
      if (!isStorageError(e)) throw e;
      return { errorCode: ErrorCode.KAFKA_STORAGE_ERROR };
    }
    return { ...result, highWatermark: this.highWatermark(), lastStableOffset: this.lastStableOffset(), logStartOffset: this.log.logStartOffset() };
  }

  /** Where a fetch of `offset` reads from, for a fetch that waits for more data; null when outside the log. */
  fetchPosition(offset: number): LogPosition | null {
    if (this.log.offlineReason() !== null) return null;
    try {
      return this.log.position(offset);
    } catch (e) {
      if (!isStorageError(e)) throw e;
      return null;
    }
  }

  /**
   * Bytes a fetch from `from` could now return (up to the high watermark, which is the log
   * end with one replica); null when `from` no longer exists (deleted or truncated), which a
   * waiting fetch treats as "answer now".
   */
  bytesAvailable(from: LogPosition): number | null {
    if (this.log.offlineReason() !== null) return null;
    try {
      return this.log.bytesAfter(from);
    } catch (e) {
      if (!isStorageError(e)) throw e;
      return null;
    }
  }

  /** Call `listener` on every change until the returned function is called. */
  onChange(listener: (change: PartitionChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The partition is going away (topic deleted, broker stopping): waiting fetches answer now. */
  close(): void {
    this.notify('closing');
  }

  updateLeadership(leaderEpoch: number, isr: readonly number[]): void {
    this.leaderEpochValue = leaderEpoch;
    this.isrValue = isr;
  }

  private notify(change: PartitionChange): void {
    for (const l of [...this.listeners]) l(change);
  }

  private outcome(errorCode: number, baseOffset: number): AppendOutcome {
    return { errorCode, baseOffset, logAppendTimeMs: -1, logStartOffset: this.log.logStartOffset() };
  }
}
