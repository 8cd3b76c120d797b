import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import type { OrderPlaced } from '@orderlab/events';
import type { PublishedAt } from '../kafka/order-events.publisher';
import { REDIS } from '../redis/redis.module';

export interface StoredOrder extends PublishedAt {
  readonly order: OrderPlaced;
}

/** Orders the service accepted, for GET /orders/{id}. */
@Injectable()
export class OrderRepository {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async save(stored: StoredOrder): Promise<void> {
    await this.redis.set(`order:${stored.order.orderId}`, JSON.stringify(stored));
  }

  async find(orderId: string): Promise<StoredOrder | null> {
    const raw = await this.redis.get(`order:${orderId}`);
    return raw === null ? null : (JSON.parse(raw) as StoredOrder);
  }
}
