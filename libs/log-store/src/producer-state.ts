import { ErrorCode } from '@orderlab/kafka-protocol';

/**
 * Idempotent-producer state of one partition (Kafka's ProducerStateManager entries): per
 * producer id, its epoch, the metadata of its last 5 batches (so a retried batch is
 * recognised and answered with its original offset instead of being written twice) and
 * the timestamp of its last batch, by which idle producers expire.
 */
export const BATCHES_TO_RETAIN = 5;
/** producer.id.expiration.ms: Kafka's default, one day. */
export const DEFAULT_PRODUCER_ID_EXPIRATION_MS = 24 * 3600 * 1000;
const INT32_MAX = 2147483647;

export interface RetainedBatch {
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly baseOffset: number;
  readonly timestamp: number;
}

export interface ProducerEntry {
  readonly producerId: number;
  readonly epoch: number;
  /** Oldest first, at most BATCHES_TO_RETAIN. */
  readonly batches: readonly RetainedBatch[];
  /** maxTimestamp of the producer's last batch (Kafka's lastTimestamp). */
  readonly lastTimestamp: number;
}

export type SequenceCheck =
  | { readonly kind: 'append' }
  | { readonly kind: 'duplicate'; readonly baseOffset: number; readonly timestamp: number }
  | { readonly kind: 'error'; readonly errorCode: number; readonly message: string };

export interface IdempotentBatch {
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  readonly lastOffsetDelta: number;
}

/** The leader's question before an append; the log itself records every batch it stores. */
export interface ProducerStateView {
  readonly size: number;
  check(b: IdempotentBatch): SequenceCheck;
  entry(producerId: number): ProducerEntry | undefined;
}

/** lastSeq with Kafka's wrap-around past INT32_MAX. */
export function lastSequence(baseSequence: number, lastOffsetDelta: number): number {
  return baseSequence > INT32_MAX - lastOffsetDelta ? baseSequence - (INT32_MAX - lastOffsetDelta) - 1 : baseSequence + lastOffsetDelta;
}

function nextSequence(seq: number): number {
  return seq === INT32_MAX ? 0 : seq + 1;
}

export class ProducerStateTable implements ProducerStateView {
  private readonly producers = new Map<number, ProducerEntry>();

  get size(): number {
    return this.producers.size;
  }

  entry(producerId: number): ProducerEntry | undefined {
    return this.producers.get(producerId);
  }

  entries(): ProducerEntry[] {
    return [...this.producers.values()];
  }

  /** Kafka's check order (kafka-protocol.md §4): duplicate, fenced epoch, epoch bump, sequence gap. */
  check(b: IdempotentBatch): SequenceCheck {
    const entry = this.producers.get(b.producerId);
    if (!entry) return { kind: 'append' };
    const firstSeq = b.baseSequence;
    const lastSeq = lastSequence(b.baseSequence, b.lastOffsetDelta);
    if (b.producerEpoch === entry.epoch) {
      const dup = entry.batches.find((x) => x.firstSeq === firstSeq && x.lastSeq === lastSeq);
      if (dup) return { kind: 'duplicate', baseOffset: dup.baseOffset, timestamp: dup.timestamp };
    }
    if (b.producerEpoch < entry.epoch) {
      return { kind: 'error', errorCode: ErrorCode.INVALID_PRODUCER_EPOCH, message: `epoch ${b.producerEpoch} is older than ${entry.epoch}` };
    }
    if (b.producerEpoch > entry.epoch) {
      return firstSeq === 0 ? { kind: 'append' } : outOfOrder(`new epoch ${b.producerEpoch} must start at sequence 0, got ${firstSeq}`);
    }
    const last = entry.batches[entry.batches.length - 1];
    if (last && firstSeq !== nextSequence(last.lastSeq)) {
      return outOfOrder(`expected sequence ${nextSequence(last.lastSeq)}, got ${firstSeq}`);
    }
    return { kind: 'append' };
  }

  /** Remember a stored batch (appended now, or replayed from the log). */
  record(b: IdempotentBatch, baseOffset: number, timestamp: number): void {
    const entry = this.producers.get(b.producerId);
    const kept = entry && b.producerEpoch === entry.epoch ? entry.batches.slice(-(BATCHES_TO_RETAIN - 1)) : [];
    kept.push({ firstSeq: b.baseSequence, lastSeq: lastSequence(b.baseSequence, b.lastOffsetDelta), baseOffset, timestamp });
    this.producers.set(b.producerId, { producerId: b.producerId, epoch: b.producerEpoch, batches: kept, lastTimestamp: timestamp });
  }

  /** Put back entries read from a snapshot. */
  load(entries: readonly ProducerEntry[]): void {
    for (const e of entries) this.producers.set(e.producerId, e);
  }

  /** Kafka's removeExpiredProducers: forget producers whose last batch is at least `expirationMs` old. Returns how many. */
  removeExpired(now: number, expirationMs: number): number {
    let removed = 0;
    for (const [id, e] of this.producers) {
      if (now - e.lastTimestamp >= expirationMs) {
        this.producers.delete(id);
        removed++;
      }
    }
    return removed;
  }

  /** The oldest lastTimestamp, or null when empty: the earliest moment a producer can expire. */
  oldestLastTimestamp(): number | null {
    let oldest: number | null = null;
    for (const e of this.producers.values()) if (oldest === null || e.lastTimestamp < oldest) oldest = e.lastTimestamp;
    return oldest;
  }

  clear(): void {
    this.producers.clear();
  }
}

function outOfOrder(message: string): SequenceCheck {
  return { kind: 'error', errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, message };
}
