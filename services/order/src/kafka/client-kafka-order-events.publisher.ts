import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { TOPICS, encodeEvent, orderPlacedKey, type OrderPlaced } from '@orderlab/events';
import { orderConfig, type OrderConfig } from '../config/order-config';
import type { OrderEventsPublisher, PublishedAt, PublisherHealth } from './order-events.publisher';
import { OrderTopics } from './order-topics';

/** What ClientKafka.emit resolves with: kafkajs's producer.send answer (RecordMetadata[]). */
interface RecordMetadata {
  readonly partition: number;
  readonly baseOffset?: string;
  readonly errorCode: number;
}

/**
 * @nestjs/microservices' ClientKafka behind OrderEventsPublisher (ORDER_PUBLISHER=client-kafka):
 * one `emit` per order, the Nest way. `emit` resolves with kafkajs's RecordMetadata[] (see
 * ClientKafka.dispatchEvent: `return this._producer.send(message)`), so each order's
 * partition and offset are known. The producer is the same as the batched publisher's
 * (idempotent, acks=all, murmur2 keys), and kafkajs lets an idempotent producer have one
 * request in flight: concurrent emits queue one behind the other, one record per request.
 * That is why this is not the default (see `npm run bench:orders`).
 *
 * After a failed emit the whole client is replaced (a new producer id), for the reason the
 * batched publisher gives: kafkajs rolls sequence numbers back after a failed send.
 */
@Injectable()
export class ClientKafkaOrderEventsPublisher implements OrderEventsPublisher {
  private readonly log = new Logger('ClientKafkaOrderEventsPublisher');
  private readonly topics: OrderTopics;
  private client: ClientKafka;

  constructor(@Inject(orderConfig.KEY) private readonly config: OrderConfig) {
    this.topics = new OrderTopics(new Kafka({ clientId: 'order-service-admin', brokers: config.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING, retry: { retries: 3, initialRetryTime: 100 } }), config);
    this.client = this.newClient();
  }

  start(): void {
    this.topics.start();
  }

  ready(): boolean {
    return this.topics.isReady();
  }

  async send(events: OrderPlaced[]): Promise<PublishedAt[]> {
    const client = this.client;
    try {
      const answers = await Promise.all(
        events.map((e) =>
          lastValueFrom(client.emit<RecordMetadata[]>(TOPICS.orders, { key: orderPlacedKey(e), value: encodeEvent(e), headers: { 'event-type': e.type, 'schema-version': String(e.schemaVersion) } })),
        ),
      );
      this.topics.lastError = null;
      return answers.map((metadata) => {
        const m = metadata[0];
        if (!m || m.baseOffset === undefined) throw new Error(`emit answered no record metadata: ${JSON.stringify(metadata)}`);
        return { partition: m.partition, offset: Number(m.baseOffset) };
      });
    } catch (e) {
      this.topics.lastError = (e as Error).message;
      this.replaceClient(client, (e as Error).message);
      throw e;
    }
  }

  health(): Promise<PublisherHealth> {
    return this.topics.health();
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.client.close(), this.topics.close()]);
  }

  private newClient(): ClientKafka {
    const c = this.config;
    return new ClientKafka({
      postfixId: '',
      producerOnlyMode: true,
      client: { clientId: 'order-service', brokers: c.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING, requestTimeout: c.KAFKA_REQUEST_TIMEOUT_MS, retry: { retries: 3, initialRetryTime: 100 } },
      producer: { idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false },
      send: { acks: -1 },
    });
  }

  private replaceClient(failed: ClientKafka, reason: string): void {
    if (this.client !== failed) return;
    this.client = this.newClient();
    this.log.warn(`an emit failed with an unknown outcome (${reason}): replacing the client, so the next emit gets a new producer id`);
    void failed.close().catch(() => undefined);
  }
}
