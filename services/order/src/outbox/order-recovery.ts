import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { orderConfig, type OrderConfig } from '../config/order-config';
import { ORDER_EVENTS_PUBLISHER, type OrderEventsPublisher } from '../kafka/order-events.publisher';
import { OrderRepository } from '../orders/order.repository';
import { OrderOutbox } from './order-outbox';

/**
 * Sends again the orders whose send began more than RECOVERY_GRACE_MS ago and was never
 * acknowledged: a process killed mid-send, a send answered 202 and then cut short by a
 * shutdown, an acknowledgement that could not be recorded. The first send may have reached
 * the log; the consumers drop the repeat by order id, so sending again is safe and losing
 * an order answered 201 or 202 is not.
 */
@Injectable()
export class OrderRecovery implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('OrderRecovery');
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly orders: OrderRepository,
    private readonly outbox: OrderOutbox,
    @Inject(ORDER_EVENTS_PUBLISHER) private readonly publisher: OrderEventsPublisher,
    @Inject(orderConfig.KEY) private readonly config: OrderConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.RECOVERY_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One pass; returns how many orders were sent again. */
  async sweep(): Promise<number> {
    if (this.running || !this.publisher.ready()) return 0;
    this.running = true;
    try {
      const ids = (await this.orders.unresolvedSince(Date.now() - this.config.RECOVERY_GRACE_MS, 200)).filter((id) => !this.outbox.isOwned(id));
      const resent = (await Promise.all(ids.map((id) => this.resend(id)))).filter(Boolean).length;
      if (resent > 0) this.log.warn(`sent ${resent} order(s) again whose earlier send was never acknowledged`);
      return resent;
    } catch (e) {
      this.log.warn(`recovery pass skipped: ${(e as Error).message}`);
      return 0;
    } finally {
      this.running = false;
    }
  }

  private async resend(orderId: string): Promise<boolean> {
    const stored = await this.orders.find(orderId);
    if (stored?.state !== 'pending') {
      await this.orders.forgetUnresolved(orderId);
      return false;
    }
    await this.outbox.place(stored.order, this.config.RECOVERY_INTERVAL_MS);
    return true;
  }
}
