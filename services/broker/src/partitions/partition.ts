import { ErrorCode, type BatchHeader } from '@orderlab/kafka-protocol';
import { isStorageError, type PartitionLog, type ReadResult } from '@orderlab/log-store';
import { ProducerStateTable } from './producer-state';

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

/**
 * One partition this broker leads: its log, its idempotent-producer state and its
 * high watermark. The single owner of that state; appends are synchronous, so the order
 * of appends is the order requests were processed.
 */
export class Partition {
  readonly producers = new ProducerStateTable();
  private readonly appendListeners = new Set<() => void>();
  private highWatermarkValue: number;

  constructor(
    readonly topic: string,
    readonly index: number,
    readonly log: PartitionLog,
    private leaderEpochValue: number,
    private isrValue: readonly number[],
  ) {
    this.highWatermarkValue = log.logEndOffset();
    this.rebuildProducerState();
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
    const idempotent = h.producerId >= 0;
    if (idempotent) {
      const check = this.producers.check(h);
      if (check.kind === 'duplicate') return this.outcome(0, check.baseOffset);
      if (check.kind === 'error') return { ...this.outcome(check.errorCode, -1), message: check.message };
    }
    let result;
    try {
      result = this.log.append(batch, { offsetCount: h.lastOffsetDelta + 1, maxTimestamp: h.maxTimestamp, leaderEpoch: this.leaderEpochValue });
    } catch (e) {
      if (!isStorageError(e)) throw e;
      return { ...this.outcome(ErrorCode.KAFKA_STORAGE_ERROR, -1), message: e.message };
    }
    if (idempotent) this.producers.record(h, result.baseOffset, h.maxTimestamp);
    this.highWatermarkValue = result.logEndOffset;
    this.notifyAppend();
    return this.outcome(0, result.baseOffset);
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

  /** Call `listener` after every append until the returned function is called. */
  onAppend(listener: () => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  /** Wake waiting fetches (the partition is going away or changed). */
  notifyAppend(): void {
    for (const l of [...this.appendListeners]) l();
  }

  updateLeadership(leaderEpoch: number, isr: readonly number[]): void {
    this.leaderEpochValue = leaderEpoch;
    this.isrValue = isr;
  }

  private outcome(errorCode: number, baseOffset: number): AppendOutcome {
    return { errorCode, baseOffset, logAppendTimeMs: -1, logStartOffset: this.log.logStartOffset() };
  }

  private rebuildProducerState(): void {
    this.producers.clear();
    this.log.scanBatches(this.log.logStartOffset(), (b) => {
      if (b.producerId < 0) return;
      this.producers.record(
        { producerId: b.producerId, producerEpoch: b.producerEpoch, baseSequence: b.baseSequence, lastOffsetDelta: b.lastOffset - b.baseOffset },
        b.baseOffset,
        b.maxTimestamp,
      );
    });
  }
}
