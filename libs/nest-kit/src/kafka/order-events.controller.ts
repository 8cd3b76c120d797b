import { Controller, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { TOPICS, type OrderPlaced } from '@orderlab/events';
import { OrderEventsConsumer } from './order-events-consumer';
import { DeadLetterFilter } from './dead-letter.filter';
import { OrderPlacedPipe } from './order-placed.pipe';

/**
 * The orders topic through Nest's Kafka transport. The handler's promise is what kafkajs's
 * eachMessage awaits, so the next record of the partition is handed over only after this one
 * was applied in Redis and its offset committed (auto-commit is off; the delivery runner
 * commits through ctx.getConsumer()).
 */
@Controller()
@UseFilters(DeadLetterFilter)
export class OrderEventsController {
  constructor(private readonly consumer: OrderEventsConsumer) {}

  @EventPattern(TOPICS.orders)
  async onOrderPlaced(@Payload(OrderPlacedPipe) _order: OrderPlaced, @Ctx() ctx: KafkaContext): Promise<void> {
    // The validated order is not passed on: the processor decodes the record itself, so the
    // delivery logic sees exactly the bytes that were produced (and dead-letters those).
    await this.consumer.deliver(ctx);
  }
}
