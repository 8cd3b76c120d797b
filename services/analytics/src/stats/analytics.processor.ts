import { Inject, Injectable } from '@nestjs/common';
import type { ConsumedRecord, DedupeWindow, GuardSpan, ProcessOutcome, RecordProcessor } from '@orderlab/delivery';
import { OrderPlacedSchema, decodeEvent } from '@orderlab/events';
import { analyticsConfig, type AnalyticsConfig } from '../config/analytics-config';
import { DEDUPE_WINDOW } from '@orderlab/nest-consumer';
import { effectOf } from './order-effect';
import { STATS_STORE, type StatsStore } from './stats.store';

/** One OrderPlaced → its effect on the statistics, applied the way the delivery mode asks. */
@Injectable()
export class AnalyticsProcessor implements RecordProcessor {
  constructor(
    @Inject(STATS_STORE) private readonly store: StatsStore,
    @Inject(analyticsConfig.KEY) private readonly config: AnalyticsConfig,
    @Inject(DEDUPE_WINDOW) private readonly window: DedupeWindow,
  ) {}

  async process(record: ConsumedRecord, span: GuardSpan): Promise<ProcessOutcome> {
    const decoded = decodeEvent(OrderPlacedSchema, record.value);
    if (!decoded.ok) return { kind: 'invalid', reason: decoded.error.message };
    const effect = effectOf(decoded.value);
    const ctx = { record, span, nowMs: Date.now(), dedupeWindowMs: this.window.ms };
    const { mode, idempotentWrites } = this.config.delivery;
    if (mode === 'exactly-once') return this.store.applyExactlyOnce(effect, ctx);
    if (mode === 'at-least-once' && idempotentWrites) return this.store.applyIdempotent(effect, ctx);
    return this.store.applyPlain(effect, ctx);
  }
}
