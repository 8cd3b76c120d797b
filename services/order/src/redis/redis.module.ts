import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { orderConfig, type OrderConfig } from '../config/order-config';

export const REDIS = Symbol('REDIS');

/** One ioredis connection for the service, closed on shutdown. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [orderConfig.KEY],
      // No offline queue: while Redis is away a POST fails at once (503, nothing published) instead of waiting.
      useFactory: (config: OrderConfig) => {
        const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, enableOfflineQueue: false, commandTimeout: 2000 });
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
