import type { ConsumerEnv, DeliverySettings } from '@orderlab/delivery';

/** What the kit reads from a consumer service's validated configuration (billing's and analytics' both have it). */
export type ConsumerServiceConfig = ConsumerEnv & { readonly GROUP_ID: string; readonly delivery: DeliverySettings };

/** Where the service keeps its partitions' positions (read by exactly-once, written by every mode) and counts the duplicates it skipped. */
export interface PositionKeys {
  readonly positions: string;
  readonly counters: string;
  /** The field of `counters` a skipped duplicate increments (billing: 'duplicates', analytics: 'duplicatesSuppressed'). */
  readonly duplicateField: string;
}

export interface ConsumerServiceSetup {
  /** The service's name, in log contexts and error messages ('billing'). */
  readonly service: string;
  readonly positions: PositionKeys;
}

/** The service's configuration (its registerAs token, aliased), its RecordProcessor, its setup. */
export const CONSUMER_CONFIG = Symbol('CONSUMER_CONFIG');
export const RECORD_PROCESSOR = Symbol('RECORD_PROCESSOR');
export const CONSUMER_SETUP = Symbol('CONSUMER_SETUP');
