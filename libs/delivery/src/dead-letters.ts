import type { Kafka, Producer } from 'kafkajs';
import type { ConsumedRecord } from './consumed-record';
import type { DeadLetterPort } from './event-consumer.port';

/**
 * Dead letters as records on a topic, carrying where they came from and why they were
 * refused. The producer connects on first use (and again after a failure), so a broker
 * that is down at boot delays the first dead letter instead of the service's start.
 */
export class KafkajsDeadLetters implements DeadLetterPort {
  private producer: Producer | null = null;
  private connected: Promise<void> | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly groupId: string,
  ) {}

  async send(record: ConsumedRecord, reason: string): Promise<void> {
    const producer = await this.connect();
    try {
      await producer.send({
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
    } catch (e) {
      this.connected = null;
      await producer.disconnect().catch(() => undefined);
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
  }

  private async connect(): Promise<Producer> {
    if (!this.connected) {
      // Few retries inside kafkajs: the delivery runner retries a failed dead letter itself, with
      // backoff and a reason in /health, instead of one send hanging on for a minute.
      this.producer = this.kafka.producer({ allowAutoTopicCreation: false, retry: { retries: 2, initialRetryTime: 200 } });
      const p = this.producer;
      this.connected = p.connect().catch((e: unknown) => {
        this.connected = null;
        throw e;
      });
    }
    await this.connected;
    return this.producer as Producer;
  }
}
