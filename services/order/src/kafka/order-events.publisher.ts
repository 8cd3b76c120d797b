import type { OrderPlaced } from '@orderlab/events';

/** Where an order event landed: Kafka's coordinates of the record. */
export interface PublishedAt {
  readonly partition: number;
  readonly offset: number;
}

export type PublisherHealth = { readonly up: true } | { readonly up: false; readonly reason: string };

/**
 * The order service's own interface to Kafka. kafkajs sits behind it today; another client
 * could replace it without the HTTP or domain code noticing.
 */
export interface OrderEventsPublisher {
  /** Create the topics the service produces to, if missing; in the background, retried until the broker answers. */
  start(): void;
  /** True once the topics exist and their partitions are known: only then is an order worth taking. */
  ready(): boolean;
  /**
   * One durable send (acks=all, idempotent) of these events; answers each one's partition and
   * offset. A rejection means the outcome is unknown: the events may or may not be in the log.
   */
  send(events: OrderPlaced[]): Promise<PublishedAt[]>;
  health(): Promise<PublisherHealth>;
  close(): Promise<void>;
}

export const ORDER_EVENTS_PUBLISHER = Symbol('ORDER_EVENTS_PUBLISHER');
