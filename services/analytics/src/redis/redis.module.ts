import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { analyticsConfig, type AnalyticsConfig } from '../config/analytics-config';

export const REDIS = Symbol('REDIS');

/**
 * One ioredis connection for the service. It reconnects forever on its own; a command
 * issued while Redis is away fails after a short wait instead of queueing without bound,
 * and the consumer retries it with backoff (and says so in /health).
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [analyticsConfig.KEY],
      useFactory: (c: AnalyticsConfig) => {
        const redis = new Redis(c.REDIS_URL, { maxRetriesPerRequest: 1, commandTimeout: 5000 });
        const log = new Logger('Redis');
        redis.on('error', (e: Error) => log.debug(`redis: ${e.message}`));
        return redis;
      },
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
