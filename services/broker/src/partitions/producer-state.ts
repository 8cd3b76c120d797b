import { ErrorCode } from '@orderlab/kafka-protocol';

/**
 * Idempotent-producer state of one partition (Kafka's ProducerStateEntry): per producer
 * id, its epoch and the metadata of its last 5 batches, so a retried batch is recognised
 * and answered with its original offset instead of being written twice.
 */
export const BATCHES_TO_RETAIN = 5;
const INT32_MAX = 2147483647;

export interface RetainedBatch {
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly baseOffset: number;
  readonly timestamp: number;
}

interface ProducerEntry {
  epoch: number;
  batches: RetainedBatch[];
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

/** lastSeq with Kafka's wrap-around past INT32_MAX. */
export function lastSequence(baseSequence: number, lastOffsetDelta: number): number {
  return baseSequence > INT32_MAX - lastOffsetDelta ? baseSequence - (INT32_MAX - lastOffsetDelta) - 1 : baseSequence + lastOffsetDelta;
}

function nextSequence(seq: number): number {
  return seq === INT32_MAX ? 0 : seq + 1;
}

export class ProducerStateTable {
  private readonly producers = new Map<number, ProducerEntry>();

  get size(): number {
    return this.producers.size;
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

  /** Remember an appended batch (also used, without checks, when rebuilding from the log). */
  record(b: IdempotentBatch, baseOffset: number, timestamp: number): void {
    let entry = this.producers.get(b.producerId);
    if (!entry || b.producerEpoch !== entry.epoch) {
      entry = { epoch: b.producerEpoch, batches: [] };
      this.producers.set(b.producerId, entry);
    }
    entry.batches.push({ firstSeq: b.baseSequence, lastSeq: lastSequence(b.baseSequence, b.lastOffsetDelta), baseOffset, timestamp });
    if (entry.batches.length > BATCHES_TO_RETAIN) entry.batches.shift();
  }

  /** Forget everything (the log was truncated or deleted; state is rebuilt by the caller). */
  clear(): void {
    this.producers.clear();
  }
}

function outOfOrder(message: string): SequenceCheck {
  return { kind: 'error', errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, message };
}
