import type { Provider, Type } from '@nestjs/common';
import type { RecordProcessor } from '@orderlab/delivery';
import { CONSUMER_CONFIG, CONSUMER_SETUP, RECORD_PROCESSOR, type ConsumerServiceSetup } from './consumer-service.tokens';
import { HealthController } from './health/health.controller';
import { dedupeWindowProvider } from './kafka/dedupe-window.provider';
import { OrderEventsConsumer } from './kafka/order-events-consumer';
import { OrderEventsController } from './kafka/order-events.controller';

export interface ConsumerServiceOptions extends ConsumerServiceSetup {
  /** The service's @nestjs/config token (billingConfig.KEY); the config it names must satisfy ConsumerServiceConfig. */
  readonly config: string | symbol;
  /** The service's own logic: one record in, its effect in Redis. A provider of the same module. */
  readonly processor: Type<RecordProcessor>;
}

/**
 * The providers of a consumer service's module: the consumer and the dedupe window, with the
 * service's own config and processor aliased to the kit's tokens (useExisting: the same
 * instances the service's other providers get). Spread into the service's own module rather
 * than a module of the kit, so the processor keeps its dependencies (its store) where they are.
 */
export function consumerServiceProviders(o: ConsumerServiceOptions): Provider[] {
  const setup: ConsumerServiceSetup = { service: o.service, positions: o.positions };
  return [
    { provide: CONSUMER_SETUP, useValue: setup },
    { provide: CONSUMER_CONFIG, useExisting: o.config },
    { provide: RECORD_PROCESSOR, useExisting: o.processor },
    dedupeWindowProvider,
    OrderEventsConsumer,
  ];
}

/** The controllers every consumer service has: GET /health and the orders topic's @EventPattern handler. */
export const consumerServiceControllers: Type[] = [HealthController, OrderEventsController];
