import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type Redis from 'ioredis';
import { OrderEventsConsumer } from '../kafka/order-events-consumer';
import { REDIS } from '../redis/redis.module';
import { redisIndicator } from './redis.indicator';

/** GET /health: down (503) when the consumer is not running, a step keeps failing, or Redis does not answer — always with the reason. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly consumer: OrderEventsConsumer,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      async () => {
        const i = this.indicator.check('consumer');
        const h = this.consumer.health();
        const details = { ...this.consumer.stats, state: h?.state ?? 'not started', transport: '@nestjs/microservices Transport.KAFKA' };
        return h?.up ? i.up(details) : i.down({ ...details, reason: h?.reason ?? 'the group consumer is not running' });
      },
      () => redisIndicator(this.indicator, this.redis),
    ]);
  }
}
