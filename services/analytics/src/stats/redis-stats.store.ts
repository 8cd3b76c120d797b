import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { guardArgs, scriptOutcome, type ApplyContext, type ProcessOutcome } from '@orderlab/delivery';
import { REDIS } from '@orderlab/nest-kit';
import { analyticsConfig, type AnalyticsConfig } from '../config/analytics-config';
import { EXACTLY_ONCE, IDEMPOTENT, PLAIN } from './analytics-scripts';
import type { AnalyticsSummary, OrderEffect } from './order-effect';
import type { StatsStore } from './stats.store';

export const ANALYTICS_KEYS = {
  positions: 'analytics:positions',
  seen: 'analytics:orders',
  totals: 'analytics:totals',
  cityRevenue: 'analytics:city:revenue',
  cityOrders: 'analytics:city:orders',
  skuQty: 'analytics:sku:qty',
  skuRevenue: 'analytics:sku:revenue',
  minuteRevenue: 'analytics:minute:revenue',
  minuteOrders: 'analytics:minute:orders',
  minuteIndex: 'analytics:minute:index',
};
const K = ANALYTICS_KEYS;
const KEYS = [K.positions, K.seen, K.totals, K.cityRevenue, K.cityOrders, K.skuQty, K.skuRevenue, K.minuteRevenue, K.minuteOrders, K.minuteIndex];

@Injectable()
export class RedisStatsStore implements StatsStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(analyticsConfig.KEY) private readonly config: AnalyticsConfig,
  ) {}

  applyExactlyOnce(effect: OrderEffect, ctx: ApplyContext): Promise<ProcessOutcome> {
    return this.run(EXACTLY_ONCE, effect, ctx);
  }

  applyIdempotent(effect: OrderEffect, ctx: ApplyContext): Promise<ProcessOutcome> {
    return this.run(IDEMPOTENT, effect, ctx);
  }

  applyPlain(effect: OrderEffect, ctx: ApplyContext): Promise<ProcessOutcome> {
    return this.run(PLAIN, effect, ctx);
  }

  async summary(): Promise<AnalyticsSummary> {
    const [totals, cityRevenue, cityOrders, skuQty, skuRevenue, minuteRevenue, minuteOrders] = await Promise.all([
      this.redis.hgetall(K.totals),
      this.redis.hgetall(K.cityRevenue),
      this.redis.hgetall(K.cityOrders),
      this.redis.zrevrange(K.skuQty, 0, 9, 'WITHSCORES'),
      this.redis.hgetall(K.skuRevenue),
      this.redis.hgetall(K.minuteRevenue),
      this.redis.hgetall(K.minuteOrders),
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
      invalid: Number(totals.invalid ?? 0),
    };
  }

  private async run(lua: string, e: OrderEffect, ctx: ApplyContext): Promise<ProcessOutcome> {
    const c = this.config;
    const args = [
      ...guardArgs(ctx.record, ctx.span),
      e.orderId,
      e.city,
      e.minute,
      String(e.revenueCents),
      JSON.stringify(e.skus),
      String(ctx.nowMs),
      String(ctx.nowMs - ctx.dedupeWindowMs),
      String(e.itemsRevenueCents),
      String(c.ANALYTICS_MAX_CITIES),
      String(c.ANALYTICS_MAX_SKUS),
      String(e.minuteMs),
      String(ctx.nowMs - c.ANALYTICS_MINUTES_KEPT * 60_000),
    ];
    return scriptOutcome(await this.redis.eval(lua, KEYS.length, ...KEYS, ...args));
  }
}
