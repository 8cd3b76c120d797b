import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ORDER_PLACED_SCHEMA_VERSION, ORDER_PLACED_TYPE, itemsTotalCents, type OrderPlaced } from '@orderlab/events';
import { IDEMPOTENCY_STORE, type IdempotencyStore, type StoredAnswer } from '../idempotency/idempotency.store';
import { ORDER_EVENTS_PUBLISHER, type OrderEventsPublisher } from '../kafka/order-events.publisher';
import { OrderError } from './order.errors';
import { OrderRepository, type StoredOrder } from './order.repository';
import { bodyHash, type PlaceOrderRequest } from './place-order.request';

export interface PlacedOrder {
  readonly orderId: string;
  readonly partition: number;
  readonly offset: number;
}

/** Placing an order: build the event, publish it durably, remember it; with an idempotency key, at most once per key. */
@Injectable()
export class OrdersService {
  constructor(
    @Inject(ORDER_EVENTS_PUBLISHER) private readonly publisher: OrderEventsPublisher,
    @Inject(IDEMPOTENCY_STORE) private readonly idempotency: IdempotencyStore,
    private readonly orders: OrderRepository,
  ) {}

  /** Returns the answer to send: the first answer again for a repeated key. */
  async place(request: PlaceOrderRequest, idempotencyKey: string | undefined): Promise<StoredAnswer> {
    if (idempotencyKey === undefined) return this.created(await this.publishNew(request, randomUUID()));
    const reservation = await this.idempotency.reserve(idempotencyKey, bodyHash(request), randomUUID());
    switch (reservation.kind) {
      case 'completed':
        return reservation.answer;
      case 'in-flight':
        throw new OrderError('ORDER.IDEMPOTENCY_IN_FLIGHT', `a request with Idempotency-Key ${idempotencyKey} is being processed`);
      case 'mismatch':
        throw new OrderError('ORDER.IDEMPOTENCY_KEY_REUSED', `Idempotency-Key ${idempotencyKey} was used with a different body`);
    }
    try {
      const answer = this.created(await this.publishNew(request, reservation.orderId));
      await this.idempotency.complete(idempotencyKey, answer);
      return answer;
    } catch (e) {
      await this.idempotency.release(idempotencyKey).catch(() => undefined);
      throw e;
    }
  }

  async get(orderId: string): Promise<StoredOrder> {
    const found = await this.orders.find(orderId);
    if (!found) throw new OrderError('ORDER.NOT_FOUND', `no order ${orderId}`);
    return found;
  }

  private async publishNew(request: PlaceOrderRequest, orderId: string): Promise<PlacedOrder> {
    const event: OrderPlaced = {
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
    const at = await this.publisher.publish(event);
    await this.orders.save({ order: event, ...at });
    return { orderId, ...at };
  }

  private created(placed: PlacedOrder): StoredAnswer {
    return { status: 201, body: placed };
  }
}
