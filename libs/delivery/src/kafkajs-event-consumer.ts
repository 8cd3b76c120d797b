import type { Consumer, ConsumerConfig, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from '@orderlab/shared';
import type { PartitionBatch, TopicPartition, TopicPartitionOffset } from './consumed-record';
import type { BatchControl, ConsumerState, ConsumerStatus, EventConsumerPort } from './event-consumer.port';
import type { TopicRetention } from './dedupe-window';
import { Backoff } from './faults';
import { KafkajsAdminQueries } from './kafkajs-admin';

/** kafkajs's consumer config (see groupConsumerConfig) and the one topic consumed. */
export type KafkajsConsumerOptions = ConsumerConfig & { readonly topic: string };

type OnBatch = (batch: PartitionBatch, control: BatchControl) => Promise<void>;

/**
 * The kafkajs side of EventConsumerPort: a group member with auto-commit off, handing one
 * partition's batch at a time to the delivery logic and committing only when asked. kafkajs
 * gives up on some failures for good (a broker unreachable at connect, a crash it deems not
 * retriable); this adapter then builds a new consumer after a backoff, so the loop never
 * dies silently, and status() says what is going on meanwhile.
 */
export class KafkajsEventConsumer implements EventConsumerPort {
  private consumer: Consumer | null = null;
  private readonly admin: KafkajsAdminQueries;
  private onBatch: OnBatch | null = null;
  private readonly assignedListeners: Array<(partitions: readonly TopicPartition[]) => void> = [];
  private assignment: TopicPartition[] = [];
  private state: ConsumerState = 'starting';
  private reason: string | null = 'connecting to the broker';
  private lastActivityMs = Date.now();
  private stopping = false;
  private relaunch: NodeJS.Timeout | null = null;
  private readonly backoff = new Backoff(500, 10_000);

  constructor(
    private readonly kafka: Kafka,
    private readonly o: KafkajsConsumerOptions,
    private readonly logger: Logger,
  ) {
    this.admin = new KafkajsAdminQueries(kafka, o.topic);
  }

  start(onBatch: OnBatch): void {
    this.onBatch = onBatch;
    void this.launch();
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
    if (offsets.length === 0 || !this.consumer) return;
    await this.consumer.commitOffsets(offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: String(o.offset) })));
  }

  seek(tp: TopicPartition, offset: number): void {
    try {
      this.consumer?.seek({ topic: tp.topic, partition: tp.partition, offset: String(offset) });
    } catch (e) {
      // Only possible between a crash and the next join, which starts from the store again anyway.
      this.logger.debug({ ...tp, offset, reason: (e as Error).message }, `seek of ${tp.topic}-${tp.partition} to ${offset} not possible now`);
    }
  }

  earliestOffset(tp: TopicPartition): Promise<number> {
    return this.admin.earliestOffset(tp);
  }

  /** The topic's retention.ms and segment.ms (DescribeConfigs). */
  topicRetention(): Promise<TopicRetention> {
    return this.admin.topicRetention();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.relaunch) clearTimeout(this.relaunch);
    this.setState('stopped', 'stopped');
    await Promise.allSettled([this.consumer?.disconnect(), this.admin.close()]);
  }

  private async launch(): Promise<void> {
    if (this.stopping) return;
    const consumer = this.create();
    this.consumer = consumer;
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: this.o.topic, fromBeginning: true });
      await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (p) => this.handle(p) });
    } catch (e) {
      await consumer.disconnect().catch(() => undefined);
      this.scheduleRelaunch(`could not start the group consumer: ${(e as Error).message}`);
    }
  }

  private create(): Consumer {
    const { topic: _topic, ...config } = this.o;
    const consumer = this.kafka.consumer(config);
    const touch = () => (this.lastActivityMs = Date.now());
    const { GROUP_JOIN, CRASH, HEARTBEAT, FETCH_START } = consumer.events;
    consumer.on(HEARTBEAT, touch);
    consumer.on(FETCH_START, touch);
    consumer.on(GROUP_JOIN, (e) => {
      touch();
      this.assignment = (e.payload.memberAssignment[this.o.topic] ?? []).map((partition) => ({ topic: this.o.topic, partition }));
      this.setState('running', null);
      this.backoff.reset();
      for (const l of this.assignedListeners) l(this.assignment);
    });
    consumer.on(CRASH, (e) => {
      this.assignment = [];
      const reason = `the group consumer crashed: ${e.payload.error.message}`;
      if (e.payload.restart) this.setState('restarting', `${reason} (kafkajs restarts it)`);
      else this.scheduleRelaunch(reason);
    });
    return consumer;
  }

  private scheduleRelaunch(reason: string): void {
    if (this.stopping) return;
    const delay = this.backoff.next();
    this.setState('restarting', `${reason}; starting a new consumer in ${delay} ms`);
    this.relaunch = setTimeout(() => void this.launch(), delay);
  }

  private setState(state: ConsumerState, reason: string | null): void {
    if (this.state !== state || this.reason !== reason) {
      const log = state === 'running' || state === 'stopped' ? this.logger.info : this.logger.warn;
      log({ group: this.o.groupId, state, reason }, `group consumer ${state}${reason ? `: ${reason}` : ''}`);
    }
    this.state = state;
    this.reason = reason;
  }

  private async handle({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    this.lastActivityMs = Date.now();
    if (!this.onBatch || batch.messages.length === 0) return;
    // kafkajs keeps the offset it fetched from on the batch (not in its typings).
    const fetchedOffset = Number((batch as unknown as { fetchedOffset?: string }).fetchedOffset ?? batch.firstOffset());
    const records = batch.messages.map((m) => ({
      topic: batch.topic,
      partition: batch.partition,
      offset: Number(m.offset),
      timestampMs: Number(m.timestamp),
      key: m.key ?? null,
      value: m.value ?? null,
      headers: Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, v === undefined ? '' : String(v)])),
    }));
    await this.onBatch(
      { topic: batch.topic, partition: batch.partition, fetchedOffset, records },
      {
        heartbeat: async () => {
          await heartbeat();
          this.lastActivityMs = Date.now();
        },
        isActive: () => isRunning() && !isStale() && !this.stopping,
        resolve: (offset) => resolveOffset(String(offset)),
      },
    );
  }
}
