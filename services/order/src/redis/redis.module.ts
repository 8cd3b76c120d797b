import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
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
      useFactory: (config: OrderConfig) => new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, enableOfflineQueue: false, lazyConnect: false }),
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
