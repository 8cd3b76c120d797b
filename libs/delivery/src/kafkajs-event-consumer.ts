import type { Consumer, Kafka, Producer } from 'kafkajs';
import type { ConsumedRecord, TopicPartitionOffset } from './consumed-record';
import type { DeadLetterPort, EventConsumerPort } from './event-consumer.port';

export interface KafkajsConsumerOptions {
  readonly groupId: string;
  readonly topic: string;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly maxWaitTimeMs: number;
  readonly rebalanceTimeoutMs: number;
}

/**
 * The kafkajs side of EventConsumerPort: a group member with auto-commit off, handing one
 * partition's batch at a time to the delivery logic and committing only when asked.
 */
export class KafkajsEventConsumer implements EventConsumerPort {
  private readonly consumer: Consumer;
  private positions: ((partitions: Array<{ topic: string; partition: number }>) => Promise<TopicPartitionOffset[]>) | null = null;

  constructor(
    kafka: Kafka,
    private readonly o: KafkajsConsumerOptions,
  ) {
    this.consumer = kafka.consumer({
      groupId: o.groupId,
      sessionTimeout: o.sessionTimeoutMs,
      heartbeatInterval: o.heartbeatIntervalMs,
      maxWaitTimeInMs: o.maxWaitTimeMs,
      rebalanceTimeout: o.rebalanceTimeoutMs,
      allowAutoTopicCreation: false,
    });
  }

  onAssignment(positions: (partitions: Array<{ topic: string; partition: number }>) => Promise<TopicPartitionOffset[]>): void {
    this.positions = positions;
  }

  async start(onBatch: (records: readonly ConsumedRecord[]) => Promise<void>): Promise<void> {
    this.consumer.on(this.consumer.events.GROUP_JOIN, (e) => void this.seekAssigned(e.payload.memberAssignment));
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.o.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        if (!isRunning() || isStale() || batch.messages.length === 0) return;
        const records = batch.messages.map((m) => ({
          topic: batch.topic,
          partition: batch.partition,
          offset: Number(m.offset),
          key: m.key ?? null,
          value: m.value ?? null,
          headers: Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, v === undefined ? '' : String(v)])),
        }));
        await onBatch(records);
        resolveOffset(batch.lastOffset());
        await heartbeat();
      },
    });
  }

  async commit(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    if (offsets.length === 0) return;
    await this.consumer.commitOffsets(offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: String(o.offset) })));
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }

  private async seekAssigned(assignment: Record<string, number[]>): Promise<void> {
    if (!this.positions) return;
    const partitions = (assignment[this.o.topic] ?? []).map((partition) => ({ topic: this.o.topic, partition }));
    const positions = await this.positions(partitions);
    for (const p of positions) this.consumer.seek({ topic: p.topic, partition: p.partition, offset: String(p.offset) });
    // The stored positions are the truth: commit them too, or a partition with nothing new to
    // read would keep showing the lag of the commit that a crash prevented.
    await this.commit(positions).catch(() => undefined);
  }
}

/** Dead letters as records on a topic, carrying where they came from and why they were refused. */
export class KafkajsDeadLetters implements DeadLetterPort {
  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly groupId: string,
  ) {}

  async send(record: ConsumedRecord, reason: string): Promise<void> {
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: [
        {
          key: record.key,
          value: record.value,
          headers: {
            ...record.headers,
            'dlq-reason': reason,
            'dlq-original-topic': record.topic,
            'dlq-original-partition': String(record.partition),
            'dlq-original-offset': String(record.offset),
            'dlq-consumer-group': this.groupId,
          },
        },
      ],
    });
  }
}
