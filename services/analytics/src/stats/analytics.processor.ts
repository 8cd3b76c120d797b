import { Inject, Injectable } from '@nestjs/common';
import type { ConsumedRecord, ProcessOutcome, RecordProcessor } from '@orderlab/delivery';
import { OrderPlacedSchema, decodeEvent } from '@orderlab/events';
import { analyticsConfig, type AnalyticsConfig } from '../config/analytics-config';
import { effectOf } from './order-effect';
import { STATS_STORE, type StatsStore } from './stats.store';

/** One OrderPlaced → its effect on the statistics, applied the way the delivery mode asks. */
@Injectable()
export class AnalyticsProcessor implements RecordProcessor {
  constructor(
    @Inject(STATS_STORE) private readonly store: StatsStore,
    @Inject(analyticsConfig.KEY) private readonly config: AnalyticsConfig,
  ) {}

  async process(record: ConsumedRecord): Promise<ProcessOutcome> {
    const decoded = decodeEvent(OrderPlacedSchema, record.value);
    if (!decoded.ok) return { kind: 'invalid', reason: decoded.error.message };
    const effect = effectOf(decoded.value);
    const { mode, idempotentWrites } = this.config.delivery;
    const result =
      mode === 'exactly-once'
        ? await this.store.applyExactlyOnce(effect, record.topic, record.partition, record.offset)
        : mode === 'at-least-once' && idempotentWrites
          ? await this.store.applyIdempotent(effect)
          : await this.store.applyPlain(effect);
    return { kind: result };
  }
}
