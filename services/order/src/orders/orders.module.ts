import { Module } from '@nestjs/common';
import { IDEMPOTENCY_STORE } from '../idempotency/idempotency.store';
import { RedisIdempotencyStore } from '../idempotency/redis-idempotency.store';
import { orderConfig, type OrderConfig } from '../config/order-config';
import { ClientKafkaOrderEventsPublisher } from '../kafka/client-kafka-order-events.publisher';
import { KafkajsOrderEventsPublisher } from '../kafka/kafkajs-order-events.publisher';
import { ORDER_EVENTS_PUBLISHER } from '../kafka/order-events.publisher';
import { OrderOutbox } from '../outbox/order-outbox';
import { OrderRecovery } from '../outbox/order-recovery';
import { OrderRepository } from './order.repository';
import { OrdersHttpController } from './orders.http.controller';
import { OrdersService } from './orders.service';

@Module({
  controllers: [OrdersHttpController],
  providers: [
    OrdersService,
    OrderRepository,
    OrderOutbox,
    OrderRecovery,
    {
      provide: ORDER_EVENTS_PUBLISHER,
      inject: [orderConfig.KEY],
      useFactory: (c: OrderConfig) => (c.ORDER_PUBLISHER === 'client-kafka' ? new ClientKafkaOrderEventsPublisher(c) : new KafkajsOrderEventsPublisher(c)),
    },
    { provide: IDEMPOTENCY_STORE, useClass: RedisIdempotencyStore },
  ],
  exports: [ORDER_EVENTS_PUBLISHER, OrderOutbox],
})
export class OrdersModule {}
