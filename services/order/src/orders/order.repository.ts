import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import type { OrderPlaced } from '@orderlab/events';
import { orderConfig, type OrderConfig } from '../config/order-config';
import type { PublishedAt } from '../kafka/order-events.publisher';
import { REDIS } from '../redis/redis.module';

/**
 * An order the service took on: `pending` from just before its first send until the broker
 * acknowledged it, then `accepted` with where it landed.
 */
export type StoredOrder =
  | { readonly state: 'pending'; readonly order: OrderPlaced }
  | ({ readonly state: 'accepted'; readonly order: OrderPlaced } & PublishedAt);

const orderKey = (orderId: string) => `order:${orderId}`;
/** Orders being sent, scored by when that began: the ones that stay here too long are sent again. */
const UNRESOLVED = 'orders:unresolved';

/** Orders the service accepted, for GET /orders/{id}, and the outbox of those whose send is not acknowledged yet. */
@Injectable()
export class OrderRepository {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(orderConfig.KEY) private readonly config: OrderConfig,
  ) {}

  /** Before the first send: the orders exist (pending) and are on the unresolved list, in one step. */
  async recordSending(orders: readonly OrderPlaced[], nowMs: number): Promise<void> {
    const tx = this.redis.multi();
    for (const order of orders) {
      tx.set(orderKey(order.orderId), JSON.stringify({ state: 'pending', order } satisfies StoredOrder), 'EX', this.config.ORDER_RETENTION_SECONDS);
      tx.zadd(UNRESOLVED, nowMs, order.orderId);
    }
    await exec(tx);
  }

  async recordAccepted(placed: ReadonlyArray<{ order: OrderPlaced; at: PublishedAt }>): Promise<void> {
    const tx = this.redis.multi();
    for (const { order, at } of placed) {
      tx.set(orderKey(order.orderId), JSON.stringify({ state: 'accepted', order, ...at } satisfies StoredOrder), 'EX', this.config.ORDER_RETENTION_SECONDS);
      tx.zrem(UNRESOLVED, order.orderId);
    }
    await exec(tx);
  }

  async find(orderId: string): Promise<StoredOrder | null> {
    const raw = await this.redis.get(orderKey(orderId));
    return raw === null ? null : (JSON.parse(raw) as StoredOrder);
  }

  /** Order ids whose send began before `beforeMs` and is still not acknowledged. */
  unresolvedSince(beforeMs: number, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(UNRESOLVED, '-inf', beforeMs, 'LIMIT', 0, limit);
  }

  async forgetUnresolved(orderId: string): Promise<void> {
    await this.redis.zrem(UNRESOLVED, orderId);
  }
}

async function exec(tx: ReturnType<Redis['multi']>): Promise<void> {
  const results = await tx.exec();
  if (!results) throw new Error('Redis discarded the transaction');
  const failed = results.find(([e]) => e);
  if (failed) throw failed[0];
}
