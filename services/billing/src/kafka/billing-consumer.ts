import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { loggerPort, RedisPositionStore, startConsumer, type DedupeWindow, type RunningConsumer } from '@orderlab/delivery';
import { TOPICS } from '@orderlab/events';
import { billingConfig, type BillingConfig } from '../config/billing-config';
import { BillingProcessor } from '../invoices/billing.processor';
import { BILLING_KEYS } from '../invoices/redis-invoice.store';
import { REDIS } from '../redis/redis.module';
import { DEDUPE_WINDOW } from './dedupe-window.provider';

/** Runs billing's group member for the service's lifetime; leaves the group on shutdown. */
@Injectable()
export class BillingConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('BillingConsumer');
  private running: RunningConsumer | null = null;

  constructor(
    @Inject(billingConfig.KEY) private readonly config: BillingConfig,
    private readonly processor: BillingProcessor,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(DEDUPE_WINDOW) private readonly window: DedupeWindow,
  ) {}

  get stats() {
    return this.running?.runner.stats ?? null;
  }

  health() {
    return this.running?.health() ?? null;
  }

  onApplicationBootstrap(): void {
    this.running = startConsumer({
      env: this.config,
      groupId: this.config.GROUP_ID,
      topic: TOPICS.orders,
      deadLetterTopic: TOPICS.ordersDlq,
      settings: this.config.delivery,
      processor: this.processor,
      logger: loggerPort(this.log),
      positions: new RedisPositionStore(this.redis, BILLING_KEYS.positions, BILLING_KEYS.summary, 'duplicates'),
      dedupeWindow: this.window,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running?.stop();
  }
}
