import type { AnalyticsSummary, OrderEffect } from './order-effect';

export type ApplyResult = 'applied' | 'duplicate';

export interface StatsStore {
  /** Offset-checked, atomic with the partition's next position. */
  applyExactlyOnce(effect: OrderEffect, topic: string, partition: number, offset: number): Promise<ApplyResult>;
  /** Records the order id and applies the effect only if it is new, in one Lua step. */
  applyIdempotent(effect: OrderEffect): Promise<ApplyResult>;
  /** Plain increments: a re-delivered order counts twice. */
  applyPlain(effect: OrderEffect): Promise<ApplyResult>;
  positions(): Promise<Record<string, string>>;
  summary(): Promise<AnalyticsSummary>;
}

export const STATS_STORE = Symbol('STATS_STORE');
