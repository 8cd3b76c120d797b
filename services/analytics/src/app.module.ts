import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { consumerServiceControllers, consumerServiceProviders, RedisModule } from '@orderlab/nest-kit';
import { analyticsConfig, validateAnalyticsEnv } from './config/analytics-config';
import { AnalyticsHttpController } from './stats/analytics.http.controller';
import { AnalyticsProcessor } from './stats/analytics.processor';
import { ANALYTICS_KEYS, RedisStatsStore } from './stats/redis-stats.store';
import { STATS_STORE } from './stats/stats.store';

/**
 * Analytics' own parts (config, the statistics processor and store, its HTTP reads) and the
 * consumer kit's (libs/nest-kit: the Kafka transport's handler, /health, Redis).
 * Positions and the suppressed-duplicates counter live beside the totals.
 */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateAnalyticsEnv, load: [analyticsConfig] }),
    TerminusModule.forRoot({ logger: false }),
    RedisModule.forConfig(analyticsConfig.KEY),
  ],
  controllers: [AnalyticsHttpController, ...consumerServiceControllers],
  providers: [
    AnalyticsProcessor,
    { provide: STATS_STORE, useClass: RedisStatsStore },
    ...consumerServiceProviders({
      service: 'analytics',
      config: analyticsConfig.KEY,
      processor: AnalyticsProcessor,
      positions: { positions: ANALYTICS_KEYS.positions, counters: ANALYTICS_KEYS.totals, duplicateField: 'duplicatesSuppressed' },
    }),
  ],
})
export class AppModule {}
