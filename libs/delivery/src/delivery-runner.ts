import type { Logger } from '@orderlab/shared';
import { nextOffsets, type ConsumedRecord } from './consumed-record';
import type { CrashInjector } from './crash-injector';
import type { DeliveryMode } from './delivery-config';
import type { DeadLetterPort, EventConsumerPort } from './event-consumer.port';

export type ProcessOutcome = { readonly kind: 'applied' } | { readonly kind: 'duplicate' } | { readonly kind: 'invalid'; readonly reason: string };

/** A service's business step for one record (it owns the writes and their atomicity). */
export interface RecordProcessor {
  process(record: ConsumedRecord): Promise<ProcessOutcome>;
}

export interface DeliveryStats {
  applied: number;
  duplicates: number;
  invalid: number;
}

export interface DeliveryRunnerDeps {
  readonly consumer: EventConsumerPort;
  readonly processor: RecordProcessor;
  readonly deadLetters: DeadLetterPort;
  readonly mode: DeliveryMode;
  readonly crash: CrashInjector;
  readonly logger: Logger;
  /** Commit at least every this many records, so a crash re-delivers (or loses) a bounded chunk. */
  readonly commitEvery?: number;
}

/**
 * Where the commit goes relative to the processing is the whole difference between the
 * modes. at-most-once commits first; at-least-once and exactly-once commit after (for
 * exactly-once the commit only feeds lag: the atomic write already recorded the position).
 * Invalid events go to the dead-letter topic and their offsets advance with the batch.
 */
export class DeliveryRunner {
  readonly stats: DeliveryStats = { applied: 0, duplicates: 0, invalid: 0 };

  constructor(private readonly d: DeliveryRunnerDeps) {}

  start(): Promise<void> {
    return this.d.consumer.start((records) => this.onBatch(records));
  }

  stop(): Promise<void> {
    return this.d.consumer.stop();
  }

  async onBatch(records: readonly ConsumedRecord[]): Promise<void> {
    const size = this.d.commitEvery ?? 100;
    for (let i = 0; i < records.length; i += size) await this.onChunk(records.slice(i, i + size));
  }

  private async onChunk(records: readonly ConsumedRecord[]): Promise<void> {
    if (this.d.mode === 'at-most-once') await this.d.consumer.commit(nextOffsets(records));
    for (const r of records) {
      const where = () => `${r.topic}-${r.partition}@${r.offset}`;
      this.d.crash.at('before-process', where);
      await this.processOne(r);
      this.d.crash.at('after-process-before-commit', where);
    }
    if (this.d.mode !== 'at-most-once') await this.d.consumer.commit(nextOffsets(records));
  }

  private async processOne(r: ConsumedRecord): Promise<void> {
    const outcome = await this.d.processor.process(r);
    if (outcome.kind === 'applied') this.stats.applied++;
    else if (outcome.kind === 'duplicate') this.stats.duplicates++;
    else {
      this.stats.invalid++;
      this.d.logger.warn({ topic: r.topic, partition: r.partition, offset: r.offset, reason: outcome.reason }, `invalid event at ${r.topic}-${r.partition}@${r.offset} sent to the dead-letter topic: ${outcome.reason}`);
      await this.d.deadLetters.send(r, outcome.reason);
    }
  }
}
