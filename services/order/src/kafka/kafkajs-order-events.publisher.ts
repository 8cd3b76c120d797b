import { Inject, Injectable, Logger } from '@nestjs/common';
import { Kafka, Partitioners, logLevel, type Admin, type Producer } from 'kafkajs';
import { ORDERS_TOPIC_DEFAULT_PARTITIONS, TOPICS, encodeEvent, orderPlacedKey, type OrderPlaced } from '@orderlab/events';
import { orderConfig, type OrderConfig } from '../config/order-config';
import { brokerUnavailable } from '../orders/order.errors';
import type { OrderEventsPublisher, PublishedAt, PublisherHealth } from './order-events.publisher';
import { SendBatcher } from './send-batcher';

type PartitionFor = (args: { topic: string; partitionMetadata: Array<{ partitionId: number; leader: number }>; message: { key: string } }) => number;

/**
 * kafkajs behind OrderEventsPublisher: an idempotent producer with acks=all, keys by
 * customer id through kafkajs's DefaultPartitioner (murmur2, as Java clients do). Each
 * message's partition is chosen up front with that same partitioner, so the offset of every
 * order is known from the send's per-partition base offset.
 */
@Injectable()
export class KafkajsOrderEventsPublisher implements OrderEventsPublisher {
  private readonly log = new Logger('OrderEventsPublisher');
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly admin: Admin;
  private readonly partitioner: PartitionFor;
  private readonly batcher: SendBatcher<OrderPlaced, PublishedAt>;
  private partitionMetadata: Array<{ partitionId: number; leader: number }> = [];
  private connected: Promise<void> | null = null;
  private lastError: string | null = null;

  constructor(@Inject(orderConfig.KEY) private readonly config: OrderConfig) {
    this.kafka = new Kafka({ clientId: 'order-service', brokers: config.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 100 } });
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
    this.admin = this.kafka.admin();
    this.partitioner = Partitioners.DefaultPartitioner() as unknown as PartitionFor;
    this.batcher = new SendBatcher((events) => this.sendBatch(events), config.LINGER_MS);
  }

  async ensureTopics(): Promise<void> {
    await this.connect();
    const existing = new Set(await this.admin.listTopics());
    const wanted = [
      { topic: TOPICS.orders, numPartitions: this.config.ORDERS_TOPIC_PARTITIONS },
      { topic: TOPICS.ordersDlq, numPartitions: 1 },
    ].filter((t) => !existing.has(t.topic));
    if (wanted.length > 0) {
      await this.admin.createTopics({ topics: wanted, waitForLeaders: true });
      this.log.log(`created topics ${wanted.map((t) => `${t.topic} (${t.numPartitions} partitions)`).join(', ')}`);
    }
    await this.refreshPartitions();
  }

  publish(event: OrderPlaced): Promise<PublishedAt> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(brokerUnavailable(`no acknowledgement within ${this.config.PRODUCE_TIMEOUT_MS} ms`)), this.config.PRODUCE_TIMEOUT_MS);
    });
    return Promise.race([this.batcher.submit(event), timeout]).finally(() => clearTimeout(timer));
  }

  async health(): Promise<PublisherHealth> {
    try {
      await withTimeout(this.connect().then(() => this.admin.describeCluster()), 2000, 'broker did not answer Metadata within 2 s');
      return this.lastError ? { up: false, reason: `last send failed: ${this.lastError}` } : { up: true };
    } catch (e) {
      this.connected = null;
      return { up: false, reason: (e as Error).message };
    }
  }

  async close(): Promise<void> {
    await this.batcher.drain().catch(() => undefined);
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }

  private connect(): Promise<void> {
    this.connected ??= Promise.all([this.producer.connect(), this.admin.connect()]).then(() => undefined, (e: unknown) => {
      this.connected = null;
      throw e;
    });
    return this.connected;
  }

  private async refreshPartitions(): Promise<void> {
    const meta = await this.admin.fetchTopicMetadata({ topics: [TOPICS.orders] });
    this.partitionMetadata = (meta.topics[0]?.partitions ?? []).map((p) => ({ partitionId: p.partitionId, leader: p.leader }));
    if (this.partitionMetadata.length === 0) this.partitionMetadata = Array.from({ length: ORDERS_TOPIC_DEFAULT_PARTITIONS }, (_, i) => ({ partitionId: i, leader: 0 }));
  }

  private async sendBatch(events: OrderPlaced[]): Promise<PublishedAt[]> {
    try {
      await this.connect();
      if (this.partitionMetadata.length === 0) await this.refreshPartitions();
      const partitions = events.map((e) => this.partitioner({ topic: TOPICS.orders, partitionMetadata: this.partitionMetadata, message: { key: orderPlacedKey(e) } }));
      const metadata = await this.producer.send({
        topic: TOPICS.orders,
        acks: -1,
        messages: events.map((e, i) => ({ key: orderPlacedKey(e), value: encodeEvent(e), partition: partitions[i], headers: { 'event-type': e.type, 'schema-version': String(e.schemaVersion) } })),
      });
      this.lastError = null;
      return offsetsOf(partitions, metadata);
    } catch (e) {
      this.lastError = (e as Error).message;
      throw brokerUnavailable((e as Error).message);
    }
  }
}

/** kafkajs answers one base offset per partition; the k-th message sent to a partition sits at base + k. */
function offsetsOf(partitions: number[], metadata: Array<{ partition: number; baseOffset?: string }>): PublishedAt[] {
  const base = new Map(metadata.map((m) => [m.partition, Number(m.baseOffset ?? -1)]));
  const seen = new Map<number, number>();
  return partitions.map((partition) => {
    const k = seen.get(partition) ?? 0;
    seen.set(partition, k + 1);
    return { partition, offset: (base.get(partition) ?? -1) + k };
  });
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]).finally(() => clearTimeout(timer));
}
