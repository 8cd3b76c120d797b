import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { KafkaContext } from '@nestjs/microservices';
import type { Consumer } from 'kafkajs';
import type Redis from 'ioredis';
import { loggerPort, RedisPositionStore, startFedConsumer, type DedupeWindow, type FedConsumer, type FedMessage, type RecordProcessor } from '@orderlab/delivery';
import { TOPICS } from '@orderlab/events';
import { CONSUMER_CONFIG, CONSUMER_SETUP, RECORD_PROCESSOR, type ConsumerServiceConfig, type ConsumerServiceSetup } from '../consumer-service.tokens';
import { REDIS } from '../redis/redis.module';
import { logContext } from '../service-name';
import { DEDUPE_WINDOW } from './dedupe-window.provider';

/**
 * A consumer service's delivery logic (libs/delivery's DeliveryRunner: the modes, crash points,
 * retries, exactly-once gate) behind Nest's Kafka transport, around the service's own
 * RecordProcessor (billing's invoices, analytics' statistics). The transport runs the group
 * member; its @EventPattern handler and the dead-letter filter hand each message here, and
 * the runner commits through the transport's own consumer (ctx.getConsumer(): the one
 * OrderEventsKafkaServer attached). Shutdown follows Nest's lifecycle: before the transport
 * disconnects (leaves the group), every record's retry loop is ended; after, the dead-letter
 * producer is closed.
 */
@Injectable()
export class OrderEventsConsumer implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly log: Logger;
  private running: FedConsumer | null = null;

  constructor(
    @Inject(CONSUMER_CONFIG) private readonly config: ConsumerServiceConfig,
    @Inject(RECORD_PROCESSOR) private readonly processor: RecordProcessor,
    @Inject(CONSUMER_SETUP) private readonly setup: ConsumerServiceSetup,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(DEDUPE_WINDOW) private readonly window: DedupeWindow,
  ) {
    // The log context the services always had: BillingConsumer, AnalyticsConsumer.
    this.log = new Logger(logContext(setup.service, 'Consumer'));
  }

  get stats() {
    return this.running?.runner.stats ?? null;
  }

  health() {
    return this.running?.health() ?? null;
  }

  onModuleInit(): void {
    this.running = startFedConsumer({
      env: this.config,
      groupId: this.config.GROUP_ID,
      topic: TOPICS.orders,
      deadLetterTopic: TOPICS.ordersDlq,
      settings: this.config.delivery,
      processor: this.processor,
      logger: loggerPort(this.log),
      positions: new RedisPositionStore(this.redis, this.setup.positions.positions, this.setup.positions.counters, this.setup.positions.duplicateField),
      dedupeWindow: this.window,
    });
  }

  /** Called by the transport for each consumer it creates, before it connects. */
  attach(consumer: Consumer, gaveUp: (reason: string) => void): void {
    this.started().feed.attach(consumer, gaveUp);
  }

  notStarted(reason: string): void {
    this.started().feed.notStarted(reason);
  }

  deliver(ctx: KafkaContext): Promise<void> {
    return this.started().deliver(fedMessage(ctx), ctx.getHeartbeat());
  }

  deadLetter(ctx: KafkaContext, reason: string): Promise<void> {
    return this.started().deadLetter(fedMessage(ctx), ctx.getHeartbeat(), reason);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.running?.feed.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running?.stop();
  }

  private started(): FedConsumer {
    if (!this.running) throw new Error(`the ${this.setup.service} consumer has not been initialised`);
    return this.running;
  }
}

function fedMessage(ctx: KafkaContext): FedMessage {
  const m = ctx.getMessage();
  return { topic: ctx.getTopic(), partition: ctx.getPartition(), offset: m.offset, timestamp: m.timestamp, key: m.key, value: m.value, headers: m.headers };
}
