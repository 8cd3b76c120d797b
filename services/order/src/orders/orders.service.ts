import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ORDER_PLACED_SCHEMA_VERSION, ORDER_PLACED_TYPE, itemsTotalCents, type OrderPlaced } from '@orderlab/events';
import { orderConfig, type OrderConfig } from '../config/order-config';
import { IDEMPOTENCY_STORE, type IdempotencyStore, type StoredAnswer } from '../idempotency/idempotency.store';
import { ORDER_EVENTS_PUBLISHER, type OrderEventsPublisher, type PublishedAt } from '../kafka/order-events.publisher';
import { OrderOutbox } from '../outbox/order-outbox';
import { QueueFullError, type SubmitAnswer } from '../outbox/send-batcher';
import { OrderError, brokerUnavailable, storeUnavailable } from './order.errors';
import { OrderRepository, type StoredOrder } from './order.repository';
import { bodyHash, type PlaceOrderRequest } from './place-order.request';

/**
 * Placing an order. Answers: 201 {orderId, partition, offset} once the broker acknowledged
 * it; 202 {orderId, status: "pending", statusUrl} when it is on its way at the deadline
 * (recorded and being sent: it will be placed); 503 when it was not placed and never will
 * be (broker or Redis unavailable, queue full). With an Idempotency-Key, at most one order
 * per key, whatever failed in between.
 */
@Injectable()
export class OrdersService {
  private readonly log = new Logger('OrdersService');

  constructor(
    @Inject(ORDER_EVENTS_PUBLISHER) private readonly publisher: OrderEventsPublisher,
    @Inject(IDEMPOTENCY_STORE) private readonly idempotency: IdempotencyStore,
    private readonly outbox: OrderOutbox,
    private readonly orders: OrderRepository,
    @Inject(orderConfig.KEY) private readonly config: OrderConfig,
  ) {}

  async place(request: PlaceOrderRequest, idempotencyKey: string | undefined): Promise<StoredAnswer> {
    if (!this.publisher.ready()) throw brokerUnavailable('the orders topic is not ready yet (is the broker up?)');
    if (idempotencyKey === undefined) return this.submit(this.newEvent(request, randomUUID()), null);
    const reservation = await redis(() => this.idempotency.reserve(idempotencyKey, bodyHash(request), randomUUID()));
    switch (reservation.kind) {
      case 'completed':
        return reservation.answer;
      case 'in-flight':
        throw new OrderError('ORDER.IDEMPOTENCY_IN_FLIGHT', `a request with Idempotency-Key ${idempotencyKey} is being processed`);
      case 'mismatch':
        throw new OrderError('ORDER.IDEMPOTENCY_KEY_REUSED', `Idempotency-Key ${idempotencyKey} was used with a different body`);
      case 'new':
        return this.submit(this.newEvent(request, reservation.orderId), idempotencyKey);
      case 'retry':
        return this.retry(request, reservation.orderId, idempotencyKey);
    }
  }

  async get(orderId: string): Promise<StoredOrder & { orderId: string }> {
    const found = await redis(() => this.orders.find(orderId));
    if (!found) throw new OrderError('ORDER.NOT_FOUND', `no order ${orderId}`);
    return { orderId, ...found };
  }

  /** A key seen before whose first attempt did not complete: the same order id, and never a second send of a recorded order. */
  private async retry(request: PlaceOrderRequest, orderId: string, key: string): Promise<StoredAnswer> {
    const stored = await redis(() => this.orders.find(orderId)).catch(async (e: unknown) => {
      await this.release(key);
      throw e;
    });
    if (stored?.state === 'accepted') {
      const answer = created(orderId, stored);
      await this.complete(key, answer);
      return answer;
    }
    if (stored?.state === 'pending') {
      await this.release(key);
      return pending(orderId);
    }
    return this.submit(this.newEvent(request, orderId), key);
  }

  private async submit(event: OrderPlaced, key: string | null): Promise<StoredAnswer> {
    let answer: SubmitAnswer<PublishedAt>;
    try {
      answer = await this.outbox.place(event);
    } catch (e) {
      await this.release(key);
      if (e instanceof QueueFullError) throw new OrderError('ORDER.OVERLOADED', `too many orders are waiting for the broker (${e.message}); nothing was published`);
      throw storeUnavailable(e);
    }
    if (answer.kind === 'cancelled') {
      await this.release(key);
      throw brokerUnavailable(`no acknowledgement within ${this.config.PRODUCE_TIMEOUT_MS} ms, and the order had not left yet: it was withdrawn`);
    }
    if (answer.kind === 'done') {
      const done = created(event.orderId, answer.result);
      await this.complete(key, done);
      return done;
    }
    if (key !== null) void answer.settled.then((at) => this.complete(key, created(event.orderId, at)));
    await this.release(key);
    return pending(event.orderId);
  }

  private newEvent(request: PlaceOrderRequest, orderId: string): OrderPlaced {
    return {
      type: ORDER_PLACED_TYPE,
      schemaVersion: ORDER_PLACED_SCHEMA_VERSION,
      orderId,
      customerId: request.customerId,
      city: request.city,
      items: request.items,
      currency: request.currency,
      totalCents: itemsTotalCents(request.items),
      placedAt: new Date().toISOString(),
    };
  }

  /** Best effort: a key left pending is resolved by its next retry from the order's own record. */
  private async complete(key: string | null, answer: StoredAnswer): Promise<void> {
    if (key === null) return;
    await this.idempotency.complete(key, answer).catch((e: unknown) => this.log.warn(`Idempotency-Key ${key} could not be completed: ${(e as Error).message}; a retry is answered from the order's record`));
  }

  private async release(key: string | null): Promise<void> {
    if (key !== null) await this.idempotency.release(key).catch(() => undefined);
  }
}

function created(orderId: string, at: PublishedAt): StoredAnswer {
  return { status: 201, body: { orderId, partition: at.partition, offset: at.offset } };
}

function pending(orderId: string): StoredAnswer {
  return { status: 202, body: { orderId, status: 'pending', statusUrl: `/orders/${orderId}` } };
}

/** A Redis failure becomes a 503 that says nothing was published. */
async function redis<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    throw e instanceof OrderError ? e : storeUnavailable(e);
  }
}
