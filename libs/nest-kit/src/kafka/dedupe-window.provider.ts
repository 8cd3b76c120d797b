import type { Provider } from '@nestjs/common';
import { DedupeWindow } from '@orderlab/delivery';
import { CONSUMER_CONFIG, type ConsumerServiceConfig } from '../consumer-service.tokens';

export const DEDUPE_WINDOW = Symbol('DEDUPE_WINDOW');

/** One window for the service: the consumer teaches it the topic's retention, the processor reads it. */
export const dedupeWindowProvider: Provider = {
  provide: DEDUPE_WINDOW,
  inject: [CONSUMER_CONFIG],
  useFactory: (c: ConsumerServiceConfig) => new DedupeWindow(c.DEDUPE_WINDOW_MS),
};
