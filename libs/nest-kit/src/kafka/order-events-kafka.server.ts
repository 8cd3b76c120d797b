import { ServerKafka, type KafkaOptions } from '@nestjs/microservices';
import type { Consumer } from 'kafkajs';
import { Backoff } from '@orderlab/delivery';
import type { OrderEventsConsumer } from './order-events-consumer';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/**
 * Nest's Kafka transport (Transport.KAFKA's ServerKafka, unchanged in how it subscribes,
 * runs `eachMessage` and routes to @EventPattern handlers) with the two things a service
 * needs that it lacks:
 * - the consumer's instrumentation events (GROUP_JOIN with the assignment, CRASH, HEARTBEAT,
 *   FETCH_START) are subscribed before the consumer connects: ServerKafka.start() creates,
 *   connects and runs the consumer inside listen(), and kafkajs's run() returns only after
 *   the first join, so listeners added through unwrap() after listen() miss the first
 *   assignment;
 * - a broker that is down at boot, or a crash kafkajs does not restart, is waited out with
 *   backoff (a new consumer is built) instead of listen() rejecting or the member staying dead.
 */
export class OrderEventsKafkaServer extends ServerKafka {
  private closing = false;
  private readonly backoff = new Backoff(500, 10_000);

  constructor(
    options: Required<KafkaOptions>['options'],
    private readonly delivery: OrderEventsConsumer,
  ) {
    super(options);
  }

  protected override registerConsumerEventListeners(): void {
    super.registerConsumerEventListeners();
    if (this.consumer) this.delivery.attach(this.consumer as unknown as Consumer, () => void this.relaunch());
  }

  override async listen(callback: (err?: unknown, ...optionalParams: unknown[]) => void): Promise<void> {
    while (!this.closing) {
      try {
        this.client = this.createClient();
        await this.start(() => callback());
        this.backoff.reset();
        return;
      } catch (e) {
        const delay = this.backoff.next();
        this.delivery.notStarted(`could not start the group consumer: ${(e as Error).message}; trying again in ${delay} ms`);
        await super.close().catch(() => undefined);
        await sleep(delay);
      }
    }
  }

  override async close(): Promise<void> {
    this.closing = true;
    await super.close();
  }

  /** kafkajs gave the consumer up: drop it and start a new one (the group is joined afresh). */
  private async relaunch(): Promise<void> {
    if (this.closing) return;
    await super.close().catch(() => undefined);
    await this.listen(() => undefined);
  }
}
