import type { Logger } from '@orderlab/shared';
import { nextOffsets, tpKey, type ConsumedRecord, type PartitionBatch } from './consumed-record';
import type { CrashInjector } from './crash-injector';
import type { DeliveryMode } from './delivery-config';
import type { BatchControl, DeadLetterPort, EventConsumerPort } from './event-consumer.port';
import { ExactlyOnceGate, type GateStats } from './exactly-once-gate';
import { Backoff, BatchAbandoned, FaultState } from './faults';
import type { GuardedOutcome, GuardSpan, PositionStore, ProcessOutcome } from './position-store';
import { Serial } from './serial';

/** A service's business step for one record (it owns the writes and their atomicity). */
export interface RecordProcessor {
  /** `span` is for the exactly-once check (see GuardSpan); the other modes ignore it. */
  process(record: ConsumedRecord, span: GuardSpan): Promise<ProcessOutcome>;
}

export interface DeliveryStats extends GateStats {
  applied: number;
  duplicates: number;
  invalid: number;
}

export interface DeliveryRunnerDeps {
  readonly consumer: EventConsumerPort;
  readonly processor: RecordProcessor;
  readonly deadLetters: DeadLetterPort;
  readonly mode: DeliveryMode;
  /** Exactly-once only: the positions stored with the data. */
  readonly positions?: PositionStore;
  readonly crash: CrashInjector;
  readonly logger: Logger;
  /** Commit at least every this many records, so a crash re-delivers (or loses) a bounded chunk. */
  readonly commitEvery?: number;
  /** Work on at most this many records per batch; the rest is fetched again (bounded work between polls). */
  readonly maxRecordsPerBatch?: number;
  /** Fault knob: every record takes this much longer (a deliberately slow handler). */
  readonly processDelayMs?: number;
  /** How often exactly-once compares its positions with the store's (also done when the store reconnects). */
  readonly auditEveryMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

const sleepFor = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Where the commit goes relative to the processing is the whole difference between the
 * modes: at-most-once commits first; at-least-once and exactly-once commit after (for
 * exactly-once the commit only feeds lag: the positions in the store are the truth, see
 * ExactlyOnceGate). Every failing step (the store, the dead-letter topic) is retried with
 * backoff while the membership is kept alive, and reported by `faults` meanwhile.
 */
export class DeliveryRunner {
  readonly stats: DeliveryStats = { applied: 0, duplicates: 0, invalid: 0, rewinds: 0, lostToRetention: 0 };
  readonly faults: FaultState;
  private readonly gate: ExactlyOnceGate | null;
  private readonly serial = new Serial();
  private readonly sleep: (ms: number) => Promise<void>;
  private audit: NodeJS.Timeout | null = null;

  constructor(private readonly d: DeliveryRunnerDeps) {
    this.sleep = d.sleep ?? sleepFor;
    this.faults = new FaultState(d.logger, d.now ?? Date.now);
    if (d.mode === 'exactly-once' && !d.positions) throw new Error('exactly-once needs a position store');
    this.gate = d.mode === 'exactly-once' && d.positions ? new ExactlyOnceGate(d.positions, d.consumer, d.logger, this.stats) : null;
  }

  start(): void {
    const gate = this.gate;
    if (gate) {
      this.d.consumer.onAssigned((partitions) => {
        gate.forget();
        void this.serial.run(() => gate.establishAll(partitions)).catch((e: unknown) => this.d.logger.debug({ reason: (e as Error).message }, `positions not read at assignment (the first batch of each partition reads them): ${(e as Error).message}`));
      });
      this.d.positions?.onReconnect(() => void this.reconcile('the store reconnected'));
      this.audit = setInterval(() => void this.reconcile('periodic audit'), this.d.auditEveryMs ?? 5000);
      this.audit.unref();
    }
    this.d.consumer.start((batch, control) => this.onBatch(batch, control));
  }

  async stop(): Promise<void> {
    if (this.audit) clearInterval(this.audit);
    await this.d.consumer.stop();
  }

  onBatch(batch: PartitionBatch, control: BatchControl): Promise<void> {
    return this.run(batch, control, undefined);
  }

  /**
   * Records the service's own validation refused before the business step (the analytics
   * service's Nest exception filter): dead-lettered on the same path as an `invalid` outcome,
   * with the same crash points, position step and commit, in the same serial order.
   */
  onRefused(batch: PartitionBatch, reason: string, control: BatchControl): Promise<void> {
    return this.run(batch, control, reason);
  }

  private run(batch: PartitionBatch, control: BatchControl, refused: string | undefined): Promise<void> {
    return this.serial.run(async () => {
      try {
        await this.work(batch, control, refused);
      } catch (e) {
        if (!(e instanceof BatchAbandoned)) throw e;
      }
    });
  }

  private async work(batch: PartitionBatch, control: BatchControl, refused: string | undefined): Promise<void> {
    if (this.gate) {
      const gate = this.gate;
      const expected = await this.retrying(`read the stored position of ${tpKey(batch)}`, () => gate.establish(batch), control);
      if (batch.fetchedOffset !== expected) return this.retrying(`reposition ${tpKey(batch)}`, () => gate.fetchedElsewhere(batch, batch.fetchedOffset, expected), control);
    }
    const records = batch.records.slice(0, this.d.maxRecordsPerBatch ?? 500);
    const size = this.d.commitEvery ?? 100;
    let allowFrom = batch.fetchedOffset;
    for (let i = 0; i < records.length; i += size) {
      const chunk = records.slice(i, i + size);
      if (this.d.mode === 'at-most-once') await this.d.consumer.commit(nextOffsets(chunk));
      for (const r of chunk) {
        if (!control.isActive()) return;
        if (!(await this.deliver(r, { allowFrom }, control, refused))) return;
        allowFrom = r.offset + 1;
        control.resolve(r.offset);
        await control.heartbeat();
      }
      if (this.d.mode !== 'at-most-once') await this.d.consumer.commit(nextOffsets(chunk));
    }
  }

  /** One record through its crash points and its outcome; false when the batch must stop (the consumer was sent elsewhere). */
  private async deliver(r: ConsumedRecord, span: GuardSpan, control: BatchControl, refused: string | undefined): Promise<boolean> {
    const where = () => `${r.topic}-${r.partition}@${r.offset}`;
    this.d.crash.at('before-process', where);
    if (this.d.processDelayMs) await this.sleep(this.d.processDelayMs);
    const outcome: ProcessOutcome = refused !== undefined ? { kind: 'invalid', reason: refused } : await this.retrying(`apply ${where()}`, () => this.d.processor.process(r, span), control);
    const go = outcome.kind === 'invalid' ? await this.follow(r, await this.deadLetter(r, outcome.reason, span, control), control, 'dead-lettered') : await this.follow(r, outcome, control, 'applied');
    if (go) this.d.crash.at('after-process-before-commit', where);
    return go;
  }

  /** Keeps the stats and the exactly-once position in step with what the store answered. */
  private async follow(r: ConsumedRecord, outcome: GuardedOutcome, control: BatchControl, applied: 'applied' | 'dead-lettered'): Promise<boolean> {
    const gate = this.gate;
    switch (outcome.kind) {
      case 'applied':
        if (applied === 'applied') this.stats.applied++;
        gate?.applied(r, r.offset);
        return true;
      case 'duplicate':
        this.stats.duplicates++;
        if (gate && outcome.storedNext !== undefined) gate.duplicate(r, outcome.storedNext);
        return true;
      case 'gap':
        if (gate) await this.retrying(`rewind ${tpKey(r)}`, () => gate.behind(r, outcome.storedNext, r.offset), control);
        return false;
      case 'no-position':
        if (gate) await this.retrying(`re-establish ${tpKey(r)}`, () => gate.lost(r), control);
        return false;
    }
  }

  /** An invalid record goes to the dead-letter topic once, and (exactly-once) its position advances like an applied one. */
  private async deadLetter(r: ConsumedRecord, reason: string, span: GuardSpan, control: BatchControl): Promise<GuardedOutcome> {
    const positions = this.gate ? this.d.positions : undefined;
    if (positions) {
      const stored = await this.retrying(`read the stored position of ${tpKey(r)}`, () => positions.read(r), control);
      if (stored === null) return { kind: 'no-position' };
      if (stored > r.offset) return { kind: 'duplicate', storedNext: stored };
      if (stored < span.allowFrom) return { kind: 'gap', storedNext: stored };
    }
    this.d.logger.warn({ topic: r.topic, partition: r.partition, offset: r.offset, reason }, `invalid event at ${r.topic}-${r.partition}@${r.offset} sent to the dead-letter topic: ${reason}`);
    await this.retrying(`send ${r.topic}-${r.partition}@${r.offset} to the dead-letter topic`, () => this.d.deadLetters.send(r, reason), control);
    const skipped = positions ? await this.retrying(`step past ${r.topic}-${r.partition}@${r.offset}`, () => positions.skip(r, span), control) : ({ kind: 'applied' } as const);
    if (skipped.kind === 'applied') this.stats.invalid++;
    return skipped;
  }

  /** Retry a failing step with backoff, heartbeating in between so the member keeps its partitions. */
  private async retrying<T>(what: string, step: () => Promise<T>, control: BatchControl): Promise<T> {
    const backoff = new Backoff();
    for (;;) {
      try {
        const value = await step();
        if (this.faults.current?.what === what) this.faults.recovered();
        return value;
      } catch (e) {
        this.faults.failed(what, e);
      }
      await this.sleep(backoff.next());
      await control.heartbeat();
      if (!control.isActive()) throw new BatchAbandoned();
    }
  }

  private reconcile(why: string): Promise<void> {
    const gate = this.gate;
    if (!gate) return Promise.resolve();
    return this.serial.run(() => gate.reconcile()).catch((e: unknown) => this.d.logger.debug({ why, reason: (e as Error).message }, `position audit skipped (${why}): ${(e as Error).message}`));
  }
}
