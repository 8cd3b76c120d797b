import type { Provider } from '@nestjs/common';
import { DedupeWindow } from '@orderlab/delivery';
import { billingConfig, type BillingConfig } from '../config/billing-config';

export const DEDUPE_WINDOW = Symbol('DEDUPE_WINDOW');

/** One window for the service: the consumer teaches it the topic's retention, the processor reads it. */
export const dedupeWindowProvider: Provider = {
  provide: DEDUPE_WINDOW,
  inject: [billingConfig.KEY],
  useFactory: (c: BillingConfig) => new DedupeWindow(c.DEDUPE_WINDOW_MS),
};
