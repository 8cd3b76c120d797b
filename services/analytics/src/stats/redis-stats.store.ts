import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { OFFSET_GUARD_PRELUDE, positionField } from '@orderlab/delivery';
import { REDIS } from '../redis/redis.module';
import type { AnalyticsSummary, OrderEffect } from './order-effect';
import type { ApplyResult, StatsStore } from './stats.store';

const KEY = {
  positions: 'analytics:positions',
  seen: 'analytics:orders',
  totals: 'analytics:totals',
  cityRevenue: 'analytics:city:revenue',
  cityOrders: 'analytics:city:orders',
  skuQty: 'analytics:sku:qty',
  skuRevenue: 'analytics:sku:revenue',
  minuteRevenue: 'analytics:minute:revenue',
  minuteOrders: 'analytics:minute:orders',
};
const KEYS = [KEY.positions, KEY.seen, KEY.totals, KEY.cityRevenue, KEY.cityOrders, KEY.skuQty, KEY.skuRevenue, KEY.minuteRevenue, KEY.minuteOrders];

/** The effect itself: ARGV[3] order id, [4] city, [5] minute, [6] revenue, [7] SKU list as JSON. */
const EFFECT = `
redis.call('HINCRBY', KEYS[3], 'orders', 1)
redis.call('HINCRBY', KEYS[3], 'revenueCents', ARGV[6])
redis.call('HINCRBY', KEYS[4], ARGV[4], ARGV[6])
redis.call('HINCRBY', KEYS[5], ARGV[4], 1)
redis.call('HINCRBY', KEYS[8], ARGV[5], ARGV[6])
redis.call('HINCRBY', KEYS[9], ARGV[5], 1)
for _, s in ipairs(cjson.decode(ARGV[7])) do
  redis.call('ZINCRBY', KEYS[6], s.qty, s.sku)
  redis.call('HINCRBY', KEYS[7], s.sku, s.revenueCents)
end
return 1
`;

/** Apply only new orders: the order id goes into a set in the same step as the effect. */
const ONCE_PER_ORDER = `
if redis.call('SADD', KEYS[2], ARGV[3]) == 0 then
  redis.call('HINCRBY', KEYS[3], 'duplicatesSuppressed', 1)
  return 0
end
${EFFECT}`;

const EXACTLY_ONCE = `${OFFSET_GUARD_PRELUDE}
if not fresh then
  redis.call('HINCRBY', KEYS[3], 'duplicatesSuppressed', 1)
  return 0
end
${ONCE_PER_ORDER}`;

const PLAIN = `
redis.call('SADD', KEYS[2], ARGV[3])
${EFFECT}`;

@Injectable()
export class RedisStatsStore implements StatsStore {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  applyExactlyOnce(effect: OrderEffect, topic: string, partition: number, offset: number): Promise<ApplyResult> {
    return this.run(EXACTLY_ONCE, effect, positionField(topic, partition), offset);
  }

  applyIdempotent(effect: OrderEffect): Promise<ApplyResult> {
    return this.run(ONCE_PER_ORDER, effect, '', 0);
  }

  applyPlain(effect: OrderEffect): Promise<ApplyResult> {
    return this.run(PLAIN, effect, '', 0);
  }

  positions(): Promise<Record<string, string>> {
    return this.redis.hgetall(KEY.positions);
  }

  async summary(): Promise<AnalyticsSummary> {
    const [totals, cityRevenue, cityOrders, skuQty, skuRevenue, minuteRevenue, minuteOrders] = await Promise.all([
      this.redis.hgetall(KEY.totals),
      this.redis.hgetall(KEY.cityRevenue),
      this.redis.hgetall(KEY.cityOrders),
      this.redis.zrevrange(KEY.skuQty, 0, 9, 'WITHSCORES'),
      this.redis.hgetall(KEY.skuRevenue),
      this.redis.hgetall(KEY.minuteRevenue),
      this.redis.hgetall(KEY.minuteOrders),
    ]);
    const pairs = (revenue: Record<string, string>, orders: Record<string, string>) =>
      Object.fromEntries(Object.keys(revenue).sort().map((k) => [k, { orders: Number(orders[k] ?? 0), revenueCents: Number(revenue[k]) }]));
    const topSkus: AnalyticsSummary['topSkus'] = [];
    for (let i = 0; i < skuQty.length; i += 2) topSkus.push({ sku: skuQty[i] as string, qty: Number(skuQty[i + 1]), revenueCents: Number(skuRevenue[skuQty[i] as string] ?? 0) });
    return {
      orders: Number(totals.orders ?? 0),
      revenueCents: Number(totals.revenueCents ?? 0),
      byCity: pairs(cityRevenue, cityOrders),
      topSkus,
      byMinute: pairs(minuteRevenue, minuteOrders),
      duplicatesSuppressed: Number(totals.duplicatesSuppressed ?? 0),
    };
  }

  private async run(lua: string, e: OrderEffect, field: string, offset: number): Promise<ApplyResult> {
    const skus = JSON.stringify(e.skus.map((s) => ({ sku: s.sku, qty: s.qty, revenueCents: s.revenueCents })));
    const result = await this.redis.eval(lua, KEYS.length, ...KEYS, field, offset, e.orderId, e.city, e.minute, e.revenueCents, skus);
    return result === 1 ? 'applied' : 'duplicate';
  }
}
