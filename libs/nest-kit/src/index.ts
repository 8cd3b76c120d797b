// The NestJS pieces the order system's services share. For a service that consumes the orders
// topic (billing, analytics): everything but its own RecordProcessor, its store and its config
// schema. For every service (order too): the Redis part of /health.
export * from './consumer-service.tokens';
export * from './consumer-service.providers';
export { OrderEventsConsumer } from './kafka/order-events-consumer';
export { OrderEventsKafkaServer } from './kafka/order-events-kafka.server';
export { OrderEventsController } from './kafka/order-events.controller';
export { DeadLetterFilter } from './kafka/dead-letter.filter';
export { OrderPlacedPipe } from './kafka/order-placed.pipe';
export { InvalidEventException } from './kafka/invalid-event.exception';
export { consumerTransportOptions } from './kafka/transport-options';
export { DEDUPE_WINDOW, dedupeWindowProvider } from './kafka/dedupe-window.provider';
export { HealthController } from './health/health.controller';
export { REDIS, RedisModule } from './redis/redis.module';
export { runConsumerService, type ConsumerServiceEnv, type ConsumerServiceMain } from './boot/run-consumer-service';
export { redisIndicator } from './health/redis.indicator';
