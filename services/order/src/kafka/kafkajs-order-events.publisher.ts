import { Inject, Injectable, Logger } from '@nestjs/common';
import { Kafka, Partitioners, logLevel, type Admin, type Producer } from 'kafkajs';
import { TOPICS, encodeEvent, orderPlacedKey, type OrderPlaced } from '@orderlab/events';
import { orderConfig, type OrderConfig } from '../config/order-config';
import type { OrderEventsPublisher, PublishedAt, PublisherHealth } from './order-events.publisher';

type PartitionFor = (args: { topic: string; partitionMetadata: Array<{ partitionId: number; leader: number }>; message: { key: string } }) => number;

/**
 * kafkajs behind OrderEventsPublisher: an idempotent producer with acks=all, keys by
 * customer id through kafkajs's DefaultPartitioner (murmur2, as Java clients do). Each
 * message's partition is chosen up front with that same partitioner, so the offset of every
 * order is known from the send's per-partition base offset.
 *
 * After a failed send the producer is replaced by a new one (a new producer id). kafkajs
 * rolls its sequence numbers back when a send fails; if the failed batch did reach the log
 * (only its answer was lost), the next batch would reuse those numbers, the broker would
 * take it for a retry of the first and answer the first batch's offsets, and the new orders
 * would be acknowledged without being written.
 */
@Injectable()
export class KafkajsOrderEventsPublisher implements OrderEventsPublisher {
  private readonly log = new Logger('OrderEventsPublisher');
  private readonly kafka: Kafka;
  private producer: Producer;
  private producerConnected: Promise<void> | null = null;
  private readonly admin: Admin;
  private readonly partitioner: PartitionFor;
  private partitionMetadata: Array<{ partitionId: number; leader: number }> = [];
  private topicsReady = false;
  private lastError: string | null = 'the orders topic is not checked yet';
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(@Inject(orderConfig.KEY) private readonly config: OrderConfig) {
    this.kafka = new Kafka({
      clientId: 'order-service',
      brokers: config.KAFKA_BROKERS.split(','),
      logLevel: logLevel.NOTHING,
      requestTimeout: config.KAFKA_REQUEST_TIMEOUT_MS,
      retry: { retries: 3, initialRetryTime: 100 },
    });
    this.producer = this.newProducer();
    this.admin = this.kafka.admin();
    this.partitioner = Partitioners.DefaultPartitioner() as unknown as PartitionFor;
  }

  start(): void {
    void this.ensureTopics(1);
  }

  ready(): boolean {
    return this.topicsReady;
  }

  async send(events: OrderPlaced[]): Promise<PublishedAt[]> {
    const producer = this.producer;
    try {
      await this.connectProducer(producer);
      const partitions = events.map((e) => this.partitioner({ topic: TOPICS.orders, partitionMetadata: this.partitionMetadata, message: { key: orderPlacedKey(e) } }));
      const metadata = await producer.send({
        topic: TOPICS.orders,
        acks: -1,
        messages: events.map((e, i) => ({ key: orderPlacedKey(e), value: encodeEvent(e), partition: partitions[i], headers: { 'event-type': e.type, 'schema-version': String(e.schemaVersion) } })),
      });
      this.lastError = null;
      return offsetsOf(partitions, metadata);
    } catch (e) {
      this.lastError = (e as Error).message;
      this.replaceProducer(producer, (e as Error).message);
      throw e;
    }
  }

  async health(): Promise<PublisherHealth> {
    if (!this.topicsReady) return { up: false, reason: `the orders topic is not ready: ${this.lastError}` };
    try {
      await withTimeout(this.admin.connect().then(() => this.admin.describeCluster()), 2000, 'broker did not answer Metadata within 2 s');
      return this.lastError ? { up: false, reason: `last send failed: ${this.lastError}` } : { up: true };
    } catch (e) {
      return { up: false, reason: (e as Error).message };
    }
  }

  async close(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }

  /** The order service owns the orders topic: create it at boot if it is missing, retrying while the broker is away. */
  private async ensureTopics(attempt: number): Promise<void> {
    try {
      await this.admin.connect();
      const existing = new Set(await this.admin.listTopics());
      const wanted = [
        { topic: TOPICS.orders, numPartitions: this.config.ORDERS_TOPIC_PARTITIONS, configEntries: this.ordersTopicConfigs() },
        { topic: TOPICS.ordersDlq, numPartitions: 1 },
      ].filter((t) => !existing.has(t.topic));
      if (wanted.length > 0) {
        await this.admin.createTopics({ topics: wanted, waitForLeaders: true });
        this.log.log(`created topics ${wanted.map((t) => `${t.topic} (${t.numPartitions} partitions)`).join(', ')}`);
      }
      const meta = await this.admin.fetchTopicMetadata({ topics: [TOPICS.orders] });
      this.partitionMetadata = (meta.topics[0]?.partitions ?? []).map((p) => ({ partitionId: p.partitionId, leader: p.leader }));
      if (this.partitionMetadata.length === 0) throw new Error('the broker reports no partitions for the orders topic');
      this.topicsReady = true;
      this.lastError = null;
      if (attempt > 1) this.log.log(`the broker answers again: the orders topic is ready after ${attempt} attempts`);
    } catch (e) {
      this.lastError = (e as Error).message;
      const delay = Math.min(5000, 200 * 2 ** Math.min(attempt, 5));
      if (attempt === 1 || attempt % 10 === 0) this.log.warn(`cannot prepare the orders topic yet (attempt ${attempt}, retrying in ${delay} ms): ${this.lastError}`);
      await this.admin.disconnect().catch(() => undefined);
      this.retryTimer = setTimeout(() => void this.ensureTopics(attempt + 1), delay);
    }
  }

  private ordersTopicConfigs(): Array<{ name: string; value: string }> {
    const c = this.config;
    return [{ name: 'retention.ms', value: String(c.ORDERS_RETENTION_MS) }, ...(c.ORDERS_SEGMENT_MS ? [{ name: 'segment.ms', value: String(c.ORDERS_SEGMENT_MS) }] : [])];
  }

  private newProducer(): Producer {
    return this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  }

  private connectProducer(producer: Producer): Promise<void> {
    this.producerConnected ??= producer.connect();
    return this.producerConnected;
  }

  private replaceProducer(failed: Producer, reason: string): void {
    if (this.producer !== failed) return;
    this.producer = this.newProducer();
    this.producerConnected = null;
    this.log.warn(`a send failed with an unknown outcome (${reason}): replacing the producer, so the next send gets a new producer id instead of reusing sequence numbers`);
    void failed.disconnect().catch(() => undefined);
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
