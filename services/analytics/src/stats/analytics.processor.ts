import { Inject, Injectable } from '@nestjs/common';
import { applyAsModeSays, type ConsumedRecord, type DedupeWindow, type GuardSpan, type ProcessOutcome, type RecordProcessor } from '@orderlab/delivery';
import { OrderPlacedSchema, decodeEvent } from '@orderlab/events';
import { DEDUPE_WINDOW } from '@orderlab/nest-kit';
import { analyticsConfig, type AnalyticsConfig } from '../config/analytics-config';
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
    return applyAsModeSays(this.store, effectOf(decoded.value), { record, span, nowMs: Date.now(), dedupeWindowMs: this.window.ms }, this.config.delivery);
  }
}
