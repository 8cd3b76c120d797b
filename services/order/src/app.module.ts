import { Inject, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { orderConfig, validateOrderEnv } from './config/order-config';
import { HealthController } from './health/health.controller';
import { ORDER_EVENTS_PUBLISHER, type OrderEventsPublisher } from './kafka/order-events.publisher';
import { OrderOutbox } from './outbox/order-outbox';
import { OrdersModule } from './orders/orders.module';
import { RedisModule } from './redis/redis.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateOrderEnv, load: [orderConfig] }),
    TerminusModule.forRoot({ logger: false }),
    RedisModule,
    OrdersModule,
  ],
  controllers: [HealthController],
})
export class AppModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(ORDER_EVENTS_PUBLISHER) private readonly publisher: OrderEventsPublisher,
    private readonly outbox: OrderOutbox,
  ) {}

  /** The topics are prepared in the background: the service answers (503, /health down) while the broker is away. */
  onApplicationBootstrap(): void {
    this.publisher.start();
  }

  /** Graceful shutdown, before Redis closes: orders taken are sent (for at most 10 s) and recorded, then the producer disconnects. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.outbox.close(10_000);
    await this.publisher.close();
  }
}
