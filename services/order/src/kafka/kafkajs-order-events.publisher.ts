import { Inject, Injectable, Logger } from '@nestjs/common';
import { Kafka, Partitioners, logLevel, type Message, type Producer, type RecordMetadata } from 'kafkajs';
import { TOPICS, encodeEvent, orderPlacedKey, type OrderPlaced } from '@orderlab/events';
import { orderConfig, type OrderConfig } from '../config/order-config';
import type { OrderEventsPublisher, PublishedAt, PublisherHealth } from './order-events.publisher';
import { OrderTopics } from './order-topics';
import { unansweredPartitions } from './unanswered-partitions';

/** Resends of partitions a send's answer left out before the send counts as failed. */
const MAX_RESENDS = 5;

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
  private readonly topics: OrderTopics;
  private readonly partitioner: PartitionFor;

  constructor(@Inject(orderConfig.KEY) config: OrderConfig) {
    this.kafka = new Kafka({
      clientId: 'order-service',
      brokers: config.KAFKA_BROKERS.split(','),
      logLevel: logLevel.NOTHING,
      requestTimeout: config.KAFKA_REQUEST_TIMEOUT_MS,
      retry: { retries: 3, initialRetryTime: 100 },
    });
    this.producer = this.newProducer();
    this.topics = new OrderTopics(this.kafka, config);
    this.partitioner = Partitioners.DefaultPartitioner() as unknown as PartitionFor;
  }

  start(): void {
    this.topics.start();
  }

  ready(): boolean {
    return this.topics.isReady();
  }

  async send(events: OrderPlaced[]): Promise<PublishedAt[]> {
    const producer = this.producer;
    try {
      await this.connectProducer(producer);
      const partitions = events.map((e) => this.partitioner({ topic: TOPICS.orders, partitionMetadata: this.topics.partitions, message: { key: orderPlacedKey(e) } }));
      const messages = events.map((e, i) => ({ key: orderPlacedKey(e), value: encodeEvent(e), partition: partitions[i], headers: { 'event-type': e.type, 'schema-version': String(e.schemaVersion) } }));
      const metadata = await this.sendAll(producer, messages, partitions);
      this.topics.lastError = null;
      return offsetsOf(partitions, metadata);
    } catch (e) {
      this.topics.lastError = (e as Error).message;
      this.replaceProducer(producer, (e as Error).message);
      throw e;
    }
  }

  /**
   * One send, then the messages of any partition kafkajs left out of its answer again (see
   * unansweredPartitions), on the same producer: kafkajs rolled those partitions' sequence numbers
   * back, so the resend carries the same numbers, and if the failed leader's copy did survive the
   * broker answers it as a duplicate at its first offset instead of writing it twice.
   */
  private async sendAll(producer: Producer, messages: Message[], partitions: readonly number[]): Promise<RecordMetadata[]> {
    const answers = await producer.send({ topic: TOPICS.orders, acks: -1, messages });
    for (let round = 1; ; round++) {
      const missing = unansweredPartitions(partitions, answers);
      if (missing.size === 0) return answers;
      if (round > MAX_RESENDS) throw new Error(`kafkajs answered no offset for partition(s) ${[...missing].join(',')} of ${TOPICS.orders} after ${MAX_RESENDS} resends`);
      this.log.warn(`kafkajs answered the send without partition(s) ${[...missing].join(',')} of ${TOPICS.orders} (a leader moved during the send): sending their orders again`);
      answers.push(...(await producer.send({ topic: TOPICS.orders, acks: -1, messages: messages.filter((m) => missing.has(m.partition as number)) })));
    }
  }

  health(): Promise<PublisherHealth> {
    return this.topics.health();
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.producer.disconnect(), this.topics.close()]);
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
