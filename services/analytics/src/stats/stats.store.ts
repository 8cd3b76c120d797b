import type { ConsumedRecord, GuardSpan, ProcessOutcome } from '@orderlab/delivery';
import type { AnalyticsSummary, OrderEffect } from './order-effect';

export interface ApplyContext {
  readonly record: ConsumedRecord;
  readonly span: GuardSpan;
  readonly nowMs: number;
  readonly dedupeWindowMs: number;
}

export interface StatsStore {
  /** Offset-checked, atomic with the partition's next position. */
  applyExactlyOnce(effect: OrderEffect, ctx: ApplyContext): Promise<ProcessOutcome>;
  /** Records the order id and applies the effect only if it is new, in one Lua step. */
  applyIdempotent(effect: OrderEffect, ctx: ApplyContext): Promise<ProcessOutcome>;
  /** Plain increments: a re-delivered order counts twice. */
  applyPlain(effect: OrderEffect, ctx: ApplyContext): Promise<ProcessOutcome>;
  summary(): Promise<AnalyticsSummary>;
}

export const STATS_STORE = Symbol('STATS_STORE');
