import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type Redis from 'ioredis';
import { redisIndicator } from '@orderlab/nest-kit';
import { ORDER_EVENTS_PUBLISHER, type OrderEventsPublisher } from '../kafka/order-events.publisher';
import { OrderOutbox } from '../outbox/order-outbox';
import { REDIS } from '../redis/redis.module';

/** GET /health: up only when both the broker and Redis answer; otherwise 503 saying which and why. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(ORDER_EVENTS_PUBLISHER) private readonly publisher: OrderEventsPublisher,
    private readonly outbox: OrderOutbox,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      async () => {
        const h = await this.publisher.health();
        const i = this.indicator.check('broker');
        const queued = { queuedOrders: this.outbox.queued, ordersInFlight: this.outbox.inFlight };
        return h.up ? i.up(queued) : i.down({ ...queued, reason: h.reason });
      },
      () => redisIndicator(this.indicator, this.redis),
    ]);
  }
}
