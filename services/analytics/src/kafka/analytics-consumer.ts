import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { loggerPort, startConsumer, type RunningConsumer } from '@orderlab/delivery';
import { TOPICS } from '@orderlab/events';
import { analyticsConfig, type AnalyticsConfig } from '../config/analytics-config';
import { AnalyticsProcessor } from '../stats/analytics.processor';
import { STATS_STORE, type StatsStore } from '../stats/stats.store';

/** Runs analytics's group member for the service's lifetime; leaves the group on shutdown. */
@Injectable()
export class AnalyticsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('AnalyticsConsumer');
  private running: RunningConsumer | null = null;

  constructor(
    @Inject(analyticsConfig.KEY) private readonly config: AnalyticsConfig,
    private readonly processor: AnalyticsProcessor,
    @Inject(STATS_STORE) private readonly store: StatsStore,
  ) {}

  get stats() {
    return this.running?.runner.stats ?? null;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.running = await startConsumer({
      env: this.config,
      groupId: this.config.GROUP_ID,
      topic: TOPICS.orders,
      deadLetterTopic: TOPICS.ordersDlq,
      settings: this.config.delivery,
      processor: this.processor,
      logger: loggerPort(this.log),
      storedPositions: () => this.store.positions(),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running?.stop();
  }
}
