import { Inject, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { orderConfig, validateOrderEnv } from './config/order-config';
import { HealthController } from './health/health.controller';
import { ORDER_EVENTS_PUBLISHER, type OrderEventsPublisher } from './kafka/order-events.publisher';
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
export class AppModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(ORDER_EVENTS_PUBLISHER) private readonly publisher: OrderEventsPublisher) {}

  /** The order service owns the orders topic: create it (6 partitions by default) at boot if it is missing. */
  async onApplicationBootstrap(): Promise<void> {
    await this.publisher.ensureTopics();
  }

  /** Graceful shutdown: every accepted order is flushed to the broker before the producer disconnects. */
  async onApplicationShutdown(): Promise<void> {
    await this.publisher.close();
  }
}
