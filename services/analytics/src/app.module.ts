import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { analyticsConfig, validateAnalyticsEnv } from './config/analytics-config';
import { HealthController } from './health/health.controller';
import { AnalyticsConsumer } from './kafka/analytics-consumer';
import { dedupeWindowProvider } from './kafka/dedupe-window.provider';
import { OrderEventsController } from './kafka/order-events.controller';
import { RedisModule } from './redis/redis.module';
import { AnalyticsHttpController } from './stats/analytics.http.controller';
import { AnalyticsProcessor } from './stats/analytics.processor';
import { RedisStatsStore } from './stats/redis-stats.store';
import { STATS_STORE } from './stats/stats.store';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateAnalyticsEnv, load: [analyticsConfig] }),
    TerminusModule.forRoot({ logger: false }),
    RedisModule,
  ],
  controllers: [AnalyticsHttpController, HealthController, OrderEventsController],
  providers: [AnalyticsProcessor, AnalyticsConsumer, dedupeWindowProvider, { provide: STATS_STORE, useClass: RedisStatsStore }],
})
export class AppModule {}
