import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { loggerPort, RedisPositionStore, startConsumer, type DedupeWindow, type RunningConsumer } from '@orderlab/delivery';
import { TOPICS } from '@orderlab/events';
import { analyticsConfig, type AnalyticsConfig } from '../config/analytics-config';
import { AnalyticsProcessor } from '../stats/analytics.processor';
import { ANALYTICS_KEYS } from '../stats/redis-stats.store';
import { REDIS } from '../redis/redis.module';
import { DEDUPE_WINDOW } from './dedupe-window.provider';

/** Runs analytics's group member for the service's lifetime; leaves the group on shutdown. */
@Injectable()
export class AnalyticsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('AnalyticsConsumer');
  private running: RunningConsumer | null = null;

  constructor(
    @Inject(analyticsConfig.KEY) private readonly config: AnalyticsConfig,
    private readonly processor: AnalyticsProcessor,
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
      positions: new RedisPositionStore(this.redis, ANALYTICS_KEYS.positions, ANALYTICS_KEYS.totals, 'duplicatesSuppressed'),
      dedupeWindow: this.window,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running?.stop();
  }
}
