import type { ConsumedRecord, PartitionBatch, TopicPartition, TopicPartitionOffset } from '../src/consumed-record';
import type { BatchControl, ConsumerStatus, DeadLetterPort, EventConsumerPort } from '../src/event-consumer.port';
import type { GuardedOutcome, GuardSpan, PositionStore } from '../src/position-store';
import { positionField } from '../src/offset-guard';
import type { Logger } from '@orderlab/shared';

/** Positions in a Map, with the guard's rule (apply when stored ∈ [allowFrom, offset]). */
export class MemoryPositions implements PositionStore {
  readonly map = new Map<string, number>();
  private reconnect: (() => void) | null = null;

  async read(tp: TopicPartition): Promise<number | null> {
    return this.map.get(positionField(tp)) ?? null;
  }

  async readAll(): Promise<Map<string, number>> {
    return new Map(this.map);
  }

  async initialise(tp: TopicPartition, offset: number): Promise<number> {
    if (!this.map.has(positionField(tp))) this.map.set(positionField(tp), offset);
    return this.map.get(positionField(tp)) as number;
  }

  async advance(tp: TopicPartition, from: number, to: number): Promise<boolean> {
    if (this.map.get(positionField(tp)) !== from) return false;
    this.map.set(positionField(tp), to);
    return true;
  }

  async skip(r: ConsumedRecord, span: GuardSpan): Promise<GuardedOutcome> {
    return this.apply(r, span);
  }

  apply(r: ConsumedRecord, span: GuardSpan): GuardedOutcome {
    const stored = this.map.get(positionField(r));
    if (stored === undefined) return { kind: 'no-position' };
    if (stored > r.offset) return { kind: 'duplicate', storedNext: stored };
    if (stored < span.allowFrom) return { kind: 'gap', storedNext: stored };
    this.map.set(positionField(r), r.offset + 1);
    return { kind: 'applied' };
  }

  onReconnect(listener: () => void): void {
    this.reconnect = listener;
  }

  reconnected(): void {
    this.reconnect?.();
  }
}

/** A consumer the test drives: it records seeks and commits and hands over the batches it is given. */
export class FakeConsumer implements EventConsumerPort {
  readonly seeks: Array<{ partition: number; offset: number }> = [];
  readonly commits: TopicPartitionOffset[] = [];
  earliest = 0;
  partitions: TopicPartition[] = [{ topic: 'orders', partition: 0 }];
  private onBatch: ((b: PartitionBatch, c: BatchControl) => Promise<void>) | null = null;
  private assignedListener: ((p: readonly TopicPartition[]) => void) | null = null;

  start(onBatch: (b: PartitionBatch, c: BatchControl) => Promise<void>): void {
    this.onBatch = onBatch;
  }

  async commit(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    this.commits.push(...offsets);
  }

  seek(tp: TopicPartition, offset: number): void {
    this.seeks.push({ partition: tp.partition, offset });
  }

  async earliestOffset(): Promise<number> {
    return this.earliest;
  }

  assigned(): readonly TopicPartition[] {
    return this.partitions;
  }

  onAssigned(listener: (p: readonly TopicPartition[]) => void): void {
    this.assignedListener = listener;
  }

  assign(): void {
    this.assignedListener?.(this.partitions);
  }

  status(): ConsumerStatus {
    return { state: 'running', reason: null, lastActivityMs: Date.now() };
  }

  async stop(): Promise<void> {}

  /** Hand a batch over; returns how often it heartbeated and what it resolved. */
  async deliver(fetchedOffset: number, offsets: number[], active = () => true): Promise<{ heartbeats: number; resolved: number[] }> {
    const seen = { heartbeats: 0, resolved: [] as number[] };
    await this.onBatch?.(
      { topic: 'orders', partition: 0, fetchedOffset, records: offsets.map((o) => record(o)) },
      { heartbeat: async () => void seen.heartbeats++, isActive: active, resolve: (o) => void seen.resolved.push(o) },
    );
    return seen;
  }
}

export function record(offset: number, value: string = JSON.stringify({ n: offset })): ConsumedRecord {
  return { topic: 'orders', partition: 0, offset, timestampMs: 0, key: null, value: Buffer.from(value), headers: {} };
}

export class MemoryDeadLetters implements DeadLetterPort {
  readonly sent: Array<{ offset: number; reason: string }> = [];
  failures = 0;

  async send(r: ConsumedRecord, reason: string): Promise<void> {
    if (this.failures-- > 0) throw new Error('dead-letter topic unavailable');
    this.sent.push({ offset: r.offset, reason });
  }
}

export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (_: Record<string, unknown>, m: string) => void lines.push(m);
  return { lines, debug: log, info: log, warn: log, error: log };
}
