import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';

export const REDIS = Symbol('REDIS');

/**
 * One ioredis connection for the service (global: the stores, the consumer and /health share
 * it). It reconnects forever on its own; a command issued while Redis is away fails after a
 * short wait instead of queueing without bound, and the consumer retries it with backoff (and
 * says so in /health).
 */
@Module({})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /** `config` is the service's @nestjs/config token (global through ConfigModule.forRoot); its value has REDIS_URL. */
  static forConfig(config: string | symbol): DynamicModule {
    return {
      module: RedisModule,
      global: true,
      providers: [
        {
          provide: REDIS,
          inject: [config],
          useFactory: (c: { readonly REDIS_URL: string }) => {
            const redis = new Redis(c.REDIS_URL, { maxRetriesPerRequest: 1, commandTimeout: 5000 });
            const log = new Logger('Redis');
            redis.on('error', (e: Error) => log.debug(`redis: ${e.message}`));
            return redis;
          },
        },
      ],
      exports: [REDIS],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
