import { Logger } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import { TOPICS } from '@orderlab/events';
import type { OrderConfig } from '../config/order-config';
import type { PublisherHealth } from './order-events.publisher';

export interface PartitionInfo {
  readonly partitionId: number;
  readonly leader: number;
}

/**
 * The order service owns the orders topic: it creates it (and the DLQ) at boot if missing,
 * retrying while the broker is away, and learns its partitions. Shared by both publishers.
 */
export class OrderTopics {
  private readonly log = new Logger('OrderTopics');
  private readonly admin: Admin;
  private ready = false;
  private retryTimer: NodeJS.Timeout | null = null;
  partitions: PartitionInfo[] = [];
  /** The last broker error a publisher saw (null: the last send worked). */
  lastError: string | null = 'the orders topic is not checked yet';

  constructor(
    kafka: Kafka,
    private readonly config: OrderConfig,
  ) {
    this.admin = kafka.admin();
  }

  start(): void {
    void this.ensure(1);
  }

  isReady(): boolean {
    return this.ready;
  }

  async health(): Promise<PublisherHealth> {
    if (!this.ready) return { up: false, reason: `the orders topic is not ready: ${this.lastError}` };
    try {
      await withTimeout(this.admin.connect().then(() => this.admin.describeCluster()), 2000, 'broker did not answer Metadata within 2 s');
      return this.lastError ? { up: false, reason: `last send failed: ${this.lastError}` } : { up: true };
    } catch (e) {
      return { up: false, reason: (e as Error).message };
    }
  }

  async close(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.admin.disconnect().catch(() => undefined);
  }

  private async ensure(attempt: number): Promise<void> {
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
      this.partitions = (meta.topics[0]?.partitions ?? []).map((p) => ({ partitionId: p.partitionId, leader: p.leader }));
      if (this.partitions.length === 0) throw new Error('the broker reports no partitions for the orders topic');
      this.ready = true;
      this.lastError = null;
      if (attempt > 1) this.log.log(`the broker answers again: the orders topic is ready after ${attempt} attempts`);
    } catch (e) {
      this.lastError = (e as Error).message;
      const delay = Math.min(5000, 200 * 2 ** Math.min(attempt, 5));
      if (attempt === 1 || attempt % 10 === 0) this.log.warn(`cannot prepare the orders topic yet (attempt ${attempt}, retrying in ${delay} ms): ${this.lastError}`);
      await this.admin.disconnect().catch(() => undefined);
      this.retryTimer = setTimeout(() => void this.ensure(attempt + 1), delay);
    }
  }

  private ordersTopicConfigs(): Array<{ name: string; value: string }> {
    const c = this.config;
    return [{ name: 'retention.ms', value: String(c.ORDERS_RETENTION_MS) }, ...(c.ORDERS_SEGMENT_MS ? [{ name: 'segment.ms', value: String(c.ORDERS_SEGMENT_MS) }] : [])];
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]).finally(() => clearTimeout(timer));
}
