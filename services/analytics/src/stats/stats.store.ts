import type { ModeWrites } from '@orderlab/delivery';
import type { AnalyticsSummary, OrderEffect } from './order-effect';

/** Analytics' writes. Each mode's method gives a different guarantee (see analytics-scripts.ts). */
export interface StatsStore extends ModeWrites<OrderEffect> {
  summary(): Promise<AnalyticsSummary>;
}

export const STATS_STORE = Symbol('STATS_STORE');
