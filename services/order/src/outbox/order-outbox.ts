import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OrderPlaced } from '@orderlab/events';
import { orderConfig, type OrderConfig } from '../config/order-config';
import { ORDER_EVENTS_PUBLISHER, type OrderEventsPublisher, type PublishedAt } from '../kafka/order-events.publisher';
import { OrderRepository } from '../orders/order.repository';
import { SendBatcher, type SubmitAnswer } from './send-batcher';

/**
 * Takes orders to Kafka. An order is recorded (pending, on the unresolved list) before its
 * first send, sent until the broker acknowledges it, then recorded as accepted. Within
 * PRODUCE_TIMEOUT_MS the caller learns one of: done (with partition and offset), pending
 * (on its way; it will be in the log), or cancelled (it never left and never will).
 */
@Injectable()
export class OrderOutbox {
  private readonly log = new Logger('OrderOutbox');
  private readonly batcher: SendBatcher<OrderPlaced, PublishedAt>;
  /** Orders this process is sending now: the recovery leaves them alone. */
  private readonly owned = new Set<string>();

  constructor(
    @Inject(ORDER_EVENTS_PUBLISHER) private readonly publisher: OrderEventsPublisher,
    private readonly orders: OrderRepository,
    @Inject(orderConfig.KEY) private readonly config: OrderConfig,
  ) {
    this.batcher = new SendBatcher<OrderPlaced, PublishedAt>(
      {
        prepare: (events) => this.orders.recordSending(events, Date.now()),
        send: (events) => this.publisher.send(events),
        // Recorded as accepted before anyone is answered, one step per batch, while the next
        // batch is prepared and sent; that step never fails the send (its orders are in the log
        // whatever Redis does).
        acknowledged: (events, at) => this.accepted(events, at),
        retryDelayMs: (attempt, error) => {
          if (attempt === 1 || attempt % 10 === 0) this.log.warn(`a send failed, its outcome unknown (attempt ${attempt}): ${(error as Error).message}; sending the same orders again (${this.batcher.queued} more queued)`);
          return Math.min(5000, 100 * 2 ** Math.min(attempt, 6));
        },
      },
      { lingerMs: config.LINGER_MS, maxQueued: config.MAX_QUEUED_ORDERS },
    );
  }

  get queued(): number {
    return this.batcher.queued;
  }

  get inFlight(): number {
    return this.batcher.unacknowledged;
  }

  isOwned(orderId: string): boolean {
    return this.owned.has(orderId);
  }

  /** Rejects with QueueFullError (back-pressure) or with the store's error (nothing was sent). */
  async place(event: OrderPlaced, deadlineMs = this.config.PRODUCE_TIMEOUT_MS): Promise<SubmitAnswer<PublishedAt>> {
    this.owned.add(event.orderId);
    let answer: SubmitAnswer<PublishedAt>;
    try {
      answer = await this.batcher.submit(event, deadlineMs);
    } catch (e) {
      this.owned.delete(event.orderId);
      throw e;
    }
    if (answer.kind === 'cancelled') this.owned.delete(event.orderId);
    return answer;
  }

  async close(deadlineMs: number): Promise<void> {
    const left = await this.batcher.close(deadlineMs);
    if (left > 0) this.log.warn(`shutting down with ${left} batch(es) of orders unacknowledged: they stay unresolved in Redis and are sent again by the next start`);
  }

  private async accepted(events: readonly OrderPlaced[], at: readonly PublishedAt[]): Promise<void> {
    const placed = events.map((order, k) => ({ order, at: at[k] as PublishedAt }));
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        await this.orders.recordAccepted(placed);
        break;
      } catch (e) {
        if (attempt === 3) this.log.error(`${events.length} order(s) are in Kafka but could not be recorded as accepted: ${(e as Error).message}; the recovery will send them again (consumers drop the repeat by order id)`);
        else await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
    for (const e of events) this.owned.delete(e.orderId);
  }
}
