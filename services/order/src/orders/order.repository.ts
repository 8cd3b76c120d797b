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

/**
 * A batch's step is one script, not a MULTI of two commands per order: Redis runs a script
 * atomically as it runs a transaction, and one command per batch spares the service most of
 * its per-command cost (ioredis builds, times and answers every command of a MULTI apiece).
 * KEYS: the unresolved set, then each order's key; ARGV: the retention, [the score,] then each
 * order's id and record.
 */
const RECORD_SENDING = `
local ttl, score = ARGV[1], ARGV[2]
for i = 2, #KEYS do
  redis.call('SET', KEYS[i], ARGV[2 * i], 'EX', ttl)
  redis.call('ZADD', KEYS[1], score, ARGV[2 * i - 1])
end
return #KEYS - 1
`;
const RECORD_ACCEPTED = `
local ttl = ARGV[1]
for i = 2, #KEYS do
  redis.call('SET', KEYS[i], ARGV[2 * i - 1], 'EX', ttl)
  redis.call('ZREM', KEYS[1], ARGV[2 * i - 2])
end
return #KEYS - 1
`;

/** An order's record, JSON.stringify({ state: 'pending', order }) byte for byte, from the order's JSON. */
export function pendingRecord(orderJson: string): string {
  return `{"state":"pending","order":${orderJson}}`;
}

/** JSON.stringify({ state: 'accepted', order, ...at }) byte for byte, from the order's JSON. */
export function acceptedRecord(orderJson: string, at: PublishedAt): string {
  return `{"state":"accepted","order":${orderJson},"partition":${JSON.stringify(at.partition)},"offset":${JSON.stringify(at.offset)}}`;
}

interface RecordScripts {
  orderRecordSending(numKeys: number, ...args: Array<string | number>): Promise<number>;
  orderRecordAccepted(numKeys: number, ...args: Array<string | number>): Promise<number>;
}

/** Orders the service accepted, for GET /orders/{id}, and the outbox of those whose send is not acknowledged yet. */
@Injectable()
export class OrderRepository {
  private readonly scripts: RecordScripts;
  /** Each order's JSON, made once for its pending record and reused for its accepted one. */
  private readonly orderJson = new WeakMap<OrderPlaced, string>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(orderConfig.KEY) private readonly config: OrderConfig,
  ) {
    // EVALSHA, falling back to EVAL when Redis does not know the script (a restart, SCRIPT FLUSH).
    redis.defineCommand('orderRecordSending', { lua: RECORD_SENDING });
    redis.defineCommand('orderRecordAccepted', { lua: RECORD_ACCEPTED });
    this.scripts = redis as unknown as RecordScripts;
  }

  /** Before the first send: the orders exist (pending) and are on the unresolved list, in one step. */
  async recordSending(orders: readonly OrderPlaced[], nowMs: number): Promise<void> {
    const args: Array<string | number> = [UNRESOLVED, ...orders.map((o) => orderKey(o.orderId)), this.config.ORDER_RETENTION_SECONDS, nowMs];
    for (const order of orders) args.push(order.orderId, pendingRecord(this.jsonOf(order)));
    await this.scripts.orderRecordSending(orders.length + 1, ...args);
  }

  /** After the acknowledgement: the orders are accepted (where they landed) and off the unresolved list, in one step. */
  async recordAccepted(placed: ReadonlyArray<{ order: OrderPlaced; at: PublishedAt }>): Promise<void> {
    const args: Array<string | number> = [UNRESOLVED, ...placed.map((p) => orderKey(p.order.orderId)), this.config.ORDER_RETENTION_SECONDS];
    for (const { order, at } of placed) args.push(order.orderId, acceptedRecord(this.jsonOf(order), at));
    await this.scripts.orderRecordAccepted(placed.length + 1, ...args);
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

  /** JSON.stringify(order), once per order. */
  private jsonOf(order: OrderPlaced): string {
    let json = this.orderJson.get(order);
    if (json === undefined) this.orderJson.set(order, (json = JSON.stringify(order)));
    return json;
  }
}
