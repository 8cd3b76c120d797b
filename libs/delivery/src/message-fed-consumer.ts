import type { Consumer, Kafka } from 'kafkajs';
import type { Logger } from '@orderlab/shared';
import { tpKey, type ConsumedRecord, type PartitionBatch, type TopicPartition, type TopicPartitionOffset } from './consumed-record';
import type { TopicRetention } from './dedupe-window';
import type { BatchControl, ConsumerState, ConsumerStatus, EventConsumerPort } from './event-consumer.port';
import { KafkajsAdminQueries } from './kafkajs-admin';

/** One record as a framework that runs kafkajs's `eachMessage` hands it over (NestJS's KafkaContext.getMessage(), parsed). */
export interface FedMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: string;
  /** A framework may have decoded the key and headers (Nest's KafkaParser turns them into strings, or JSON). */
  readonly key: unknown;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, unknown>> | undefined;
}

/** What the consumer needs to hand one message to the delivery logic, and to learn what came of it. */
export interface PreparedMessage {
  readonly batch: PartitionBatch;
  readonly control: BatchControl;
  /** Call after the delivery logic returned: the partition's next message is then read on from here. */
  settle(): void;
}

type OnBatch = (batch: PartitionBatch, control: BatchControl) => Promise<void>;

/**
 * EventConsumerPort for a kafkajs consumer that someone else runs: NestJS's ServerKafka
 * creates it, subscribes and calls `consumer.run({ eachMessage })`, and its @EventPattern
 * handler hands each message here. The framework sees no batches, so this adapter rebuilds
 * what the delivery logic needs from a batch:
 *
 * - `fetchedOffset`, the offset the record was fetched from (exactly-once checks it): after
 *   a seek(tp, S) it is S, because kafkajs delivers no record of tp fetched before a pending
 *   seek (ConsumerGroup.fetch filters responses for partitions with a seek pending, and the
 *   eachMessage loop stops at one), and pops the seek at the start of the next fetch of tp;
 *   after a record it is that record's offset + 1 (kafkajs reads on from the resolved
 *   offset); after a (re)join it is unknown, and then the record's own offset is used: the
 *   record is applied only if the store's position is exactly there, else the partition is
 *   sought to the store's position and the next record's fetch offset is known;
 * - `isActive()`: false once the consumer stops, the group is joined again, or the partition
 *   was sought while the record was being worked on.
 *
 * The group events come from the consumer's instrumentation (attach(), called by the server
 * before the consumer connects, so even the first join is seen).
 *
 * Commits: the delivery logic commits after every record here (each message is its own
 * batch). With `deferCommits` (every mode but at-most-once, where the commit must precede the
 * processing) a commit is recorded and sent once `maxRecords` records are pending (awaited,
 * like the eachBatch adapter's commit every ≤100 records) or after `maxDelayMs`, so a crash
 * re-delivers at most that many records, and the broker is not sent one OffsetCommit per
 * record. Only offsets whose records were applied are ever pending, so the order "Redis step,
 * then commit" holds exactly as with an immediate commit. A (re)join drops what is pending
 * (those records come again, to whoever owns the partition now).
 */
export class MessageFedConsumer implements EventConsumerPort {
  private consumer: Consumer | null = null;
  private onBatch: OnBatch | null = null;
  private readonly admin: KafkajsAdminQueries;
  private readonly assignedListeners: Array<(partitions: readonly TopicPartition[]) => void> = [];
  private assignment: TopicPartition[] = [];
  private state: ConsumerState = 'starting';
  private reason: string | null = 'connecting to the broker';
  private lastActivityMs = Date.now();
  private stopping = false;
  private generation = 0;
  /** Where the next record of a partition was fetched from, when known. */
  private readonly nextFrom = new Map<string, number>();
  private readonly seeks = new Map<string, number>();

  private readonly pending = new Map<string, TopicPartitionOffset>();
  private pendingRecords = 0;
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(
    kafka: Kafka,
    private readonly topic: string,
    private readonly logger: Logger,
    private readonly o: { readonly deferCommits?: { readonly maxRecords: number; readonly maxDelayMs: number } } = {},
  ) {
    this.admin = new KafkajsAdminQueries(kafka, topic);
  }

  /**
   * The server created a consumer (before it connects). `gaveUp` is called when kafkajs
   * stops that consumer for good (a crash it does not restart): the server builds a new one.
   */
  attach(consumer: Consumer, gaveUp: (reason: string) => void): void {
    this.consumer = consumer;
    const touch = () => (this.lastActivityMs = Date.now());
    const { GROUP_JOIN, CRASH, HEARTBEAT, FETCH_START } = consumer.events;
    consumer.on(HEARTBEAT, touch);
    consumer.on(FETCH_START, touch);
    consumer.on(GROUP_JOIN, (e) => {
      touch();
      this.newGeneration();
      this.assignment = (e.payload.memberAssignment[this.topic] ?? []).map((partition) => ({ topic: this.topic, partition }));
      this.setState('running', null);
      for (const l of this.assignedListeners) l(this.assignment);
    });
    consumer.on(CRASH, (e) => {
      this.newGeneration();
      this.assignment = [];
      const reason = `the group consumer crashed: ${e.payload.error.message}`;
      if (e.payload.restart) this.setState('restarting', `${reason} (kafkajs restarts it)`);
      else {
        this.setState('restarting', `${reason}; starting a new consumer`);
        gaveUp(reason);
      }
    });
  }

  /** The server could not start its consumer (the broker is unreachable): it tries again, and health says why meanwhile. */
  notStarted(reason: string): void {
    this.newGeneration();
    this.assignment = [];
    this.setState('restarting', reason);
  }

  /** The delivery logic starts with the server: nothing to launch here, the server runs the consumer. */
  start(onBatch: OnBatch): void {
    this.onBatch = onBatch;
  }

  /** One message as a one-record batch, with the controls the delivery logic uses. */
  prepare(m: FedMessage, heartbeat: () => Promise<void>): PreparedMessage {
    const tp = { topic: m.topic, partition: m.partition };
    const key = tpKey(tp);
    const offset = Number(m.offset);
    const generation = this.generation;
    const seeksBefore = this.seeks.get(key) ?? 0;
    const fetchedOffset = this.nextFrom.get(key) ?? offset;
    // If the handler fails, kafkajs fetches this record again (it resolves a record only after its handler returned).
    this.nextFrom.set(key, offset);
    this.lastActivityMs = Date.now();
    const isActive = () => !this.stopping && this.generation === generation && (this.seeks.get(key) ?? 0) === seeksBefore;
    return {
      batch: { ...tp, fetchedOffset, records: [toRecord(m)] },
      control: {
        heartbeat: async () => {
          await heartbeat();
          this.lastActivityMs = Date.now();
        },
        isActive,
        // kafkajs resolves the record itself when the handler returns; autoCommit is off, so only commit() commits.
        resolve: () => undefined,
      },
      settle: () => {
        if (isActive()) this.nextFrom.set(key, offset + 1);
      },
    };
  }

  /** The delivery logic's entry for one message (see prepare). */
  async deliver(m: FedMessage, heartbeat: () => Promise<void>): Promise<void> {
    if (!this.onBatch) throw new Error('the delivery logic has not started');
    const p = this.prepare(m, heartbeat);
    await this.onBatch(p.batch, p.control);
    p.settle();
  }

  onAssigned(listener: (partitions: readonly TopicPartition[]) => void): void {
    this.assignedListeners.push(listener);
  }

  assigned(): readonly TopicPartition[] {
    return this.assignment;
  }

  status(): ConsumerStatus {
    return { state: this.state, reason: this.reason, lastActivityMs: this.lastActivityMs };
  }

  async commit(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    if (offsets.length === 0) return;
    const defer = this.o.deferCommits;
    if (!defer) return this.commitNow(offsets);
    // The latest offset asked for wins, even a lower one (exactly-once commits its position after a rewind).
    for (const o of offsets) this.pending.set(tpKey(o), o);
    if (++this.pendingRecords >= defer.maxRecords) return this.flush();
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = null;
      this.flush().catch((e: unknown) => this.logger.debug({ reason: (e as Error).message }, `deferred commit failed (those records are delivered again): ${(e as Error).message}`));
    }, defer.maxDelayMs);
  }

  /** Sends what is pending. */
  async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const offsets = [...this.pending.values()];
    this.pending.clear();
    this.pendingRecords = 0;
    if (offsets.length > 0) await this.commitNow(offsets);
  }

  private async commitNow(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    if (!this.consumer) throw new Error('no group consumer to commit with');
    await this.consumer.commitOffsets(offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: String(o.offset) })));
  }

  seek(tp: TopicPartition, offset: number): void {
    const key = tpKey(tp);
    this.seeks.set(key, (this.seeks.get(key) ?? 0) + 1);
    try {
      this.consumer?.seek({ topic: tp.topic, partition: tp.partition, offset: String(offset) });
      this.nextFrom.set(key, offset);
    } catch (e) {
      // Only possible between a crash and the next join, which starts from the store again anyway.
      this.nextFrom.delete(key);
      this.logger.debug({ ...tp, offset, reason: (e as Error).message }, `seek of ${tp.topic}-${tp.partition} to ${offset} not possible now`);
    }
  }

  earliestOffset(tp: TopicPartition): Promise<number> {
    return this.admin.earliestOffset(tp);
  }

  topicRetention(): Promise<TopicRetention> {
    return this.admin.topicRetention();
  }

  /** Makes every record being worked on inactive (retry loops end), so the server's disconnect does not wait on them. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.setState('stopped', 'stopped');
    // What was applied is committed before the group is left, so the next owner does not redo
    // it; for at most 2 s: with the broker gone, kafkajs would retry for much longer, and the
    // service's HTTP port is released only after this (the records come again, deduplicated).
    let timer: NodeJS.Timeout | undefined;
    const bounded = new Promise<void>((r) => (timer = setTimeout(r, 2000)));
    await Promise.race([this.flush().catch((e: unknown) => this.logger.debug({ reason: (e as Error).message }, `final commit failed: ${(e as Error).message}`)), bounded]);
    clearTimeout(timer);
    await this.admin.close();
  }

  private newGeneration(): void {
    this.generation++;
    this.nextFrom.clear();
    this.pending.clear();
    this.pendingRecords = 0;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }

  private setState(state: ConsumerState, reason: string | null): void {
    if (this.state !== state || this.reason !== reason) {
      const log = state === 'running' || state === 'stopped' ? this.logger.info : this.logger.warn;
      log({ topic: this.topic, state, reason }, `group consumer ${state}${reason ? `: ${reason}` : ''}`);
    }
    this.state = state;
    this.reason = reason;
  }
}

/** Back to bytes: the delivery logic (and the dead-letter topic) see the record as it was produced. */
function toRecord(m: FedMessage): ConsumedRecord {
  const text = (v: unknown) => (Buffer.isBuffer(v) ? v.toString() : typeof v === 'string' ? v : JSON.stringify(v));
  return {
    topic: m.topic,
    partition: m.partition,
    offset: Number(m.offset),
    timestampMs: Number(m.timestamp),
    key: m.key === null || m.key === undefined ? null : Buffer.isBuffer(m.key) ? m.key : Buffer.from(text(m.key)),
    value: m.value ?? null,
    headers: Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, v === undefined || v === null ? '' : text(v)])),
  };
}
