import { Controller, Get, Inject } from '@nestjs/common';
import { analyticsConfig, type AnalyticsConfig } from '../config/analytics-config';
import type { AnalyticsSummary } from './order-effect';
import { STATS_STORE, type StatsStore } from './stats.store';

@Controller('analytics')
export class AnalyticsHttpController {
  constructor(
    @Inject(STATS_STORE) private readonly store: StatsStore,
    @Inject(analyticsConfig.KEY) private readonly config: AnalyticsConfig,
  ) {}

  @Get('summary')
  async summary(): Promise<AnalyticsSummary & { deliveryMode: string; idempotentWrites: boolean }> {
    return { ...(await this.store.summary()), deliveryMode: this.config.delivery.mode, idempotentWrites: this.config.delivery.idempotentWrites };
  }
}
