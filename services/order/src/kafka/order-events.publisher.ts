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
  /** Create the topics the service produces to, if they are missing. */
  ensureTopics(): Promise<void>;
  /** Durably publish (acks=all, idempotent); rejects with BrokerUnavailableError after the timeout. */
  publish(event: OrderPlaced): Promise<PublishedAt>;
  health(): Promise<PublisherHealth>;
  /** Wait for in-flight sends, then disconnect. */
  close(): Promise<void>;
}

export const ORDER_EVENTS_PUBLISHER = Symbol('ORDER_EVENTS_PUBLISHER');
