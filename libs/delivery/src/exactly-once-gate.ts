import type { Logger } from '@orderlab/shared';
import { tpKey, tpOf, type TopicPartition } from './consumed-record';
import type { EventConsumerPort } from './event-consumer.port';
import { positionField } from './offset-guard';
import type { PositionStore } from './position-store';

export interface GateStats {
  /** Times the consumer was sent back because the store's position was behind what it read (the store lost writes). */
  rewinds: number;
  /** Records that retention deleted before they were applied: they can never be applied. */
  lostToRetention: number;
}

/**
 * Exactly-once reading: the positions stored with the data, not the group's committed
 * offsets, say where each partition is read from. A partition's position is established
 * from the store before any of its records is applied (after every assignment), and a
 * batch is applied only when it was fetched at that position.
 */
export class ExactlyOnceGate {
  private readonly expected = new Map<string, number>();

  constructor(
    private readonly store: PositionStore,
    private readonly consumer: EventConsumerPort,
    private readonly logger: Logger,
    readonly stats: GateStats,
  ) {}

  /** A new assignment: every partition must be established again before it is applied. */
  forget(): void {
    this.expected.clear();
  }

  /**
   * Right after an assignment: read every partition's position and read from there, and
   * commit it (so lag shows the truth even for a partition with nothing new). The batch path
   * establishes lazily anyway; this only spares the first wrongly fetched batch.
   */
  async establishAll(partitions: readonly TopicPartition[]): Promise<void> {
    for (const tp of partitions) await this.moveTo(tpOf(tp), await this.establish(tp));
  }

  expectedNext(tp: TopicPartition): number | undefined {
    return this.expected.get(tpKey(tp));
  }

  /** The next offset to apply, read from the store; a partition the store has no position for starts at the beginning of retained data. */
  async establish(of: TopicPartition): Promise<number> {
    const tp = tpOf(of);
    const known = this.expected.get(tpKey(tp));
    if (known !== undefined) return known;
    let stored = await this.store.read(tp);
    if (stored === null) {
      const earliest = await this.consumer.earliestOffset(tp);
      stored = await this.store.initialise(tp, earliest);
      this.logger.warn({ ...tp, position: stored }, `no stored position for ${tpKey(tp)}: starting from the beginning of retained data (offset ${stored}), not from the group's committed offset`);
    }
    this.expected.set(tpKey(tp), stored);
    return stored;
  }

  applied(of: TopicPartition, offset: number): void {
    const tp = tpOf(of);
    this.expected.set(tpKey(tp), offset + 1);
  }

  /** A record below the stored position: the store is further on (the next batch is sought there if it is fetched short of it). */
  duplicate(of: TopicPartition, storedNext: number): void {
    const tp = tpOf(of);
    if ((this.expected.get(tpKey(tp)) ?? -1) < storedNext) this.expected.set(tpKey(tp), storedNext);
  }

  /**
   * The batch was fetched elsewhere than the established position (from the group's committed
   * offset, which a crash left behind): read from the position instead, and commit it, or a
   * partition with nothing new would keep showing the lag of the commit the crash prevented.
   */
  async fetchedElsewhere(of: TopicPartition, fetchedOffset: number, expected: number): Promise<void> {
    const tp = tpOf(of);
    if (fetchedOffset > expected) return this.behind(tp, expected, fetchedOffset);
    this.logger.debug({ ...tp, fetchedOffset, expected }, `${tpKey(tp)}: batch fetched at ${fetchedOffset}, the stored position is ${expected}: seeking`);
    await this.moveTo(tp, expected);
  }

  /**
   * The store's position is behind what was read (it lost writes: an AOF cut short, a failover
   * to a lagging replica). Read again from it, unless retention deleted those records already:
   * then they are lost, loudly, and the position moves to the first retained one.
   */
  async behind(of: TopicPartition, storedNext: number, seenAt: number): Promise<void> {
    const tp = tpOf(of);
    const earliest = await this.consumer.earliestOffset(tp);
    if (storedNext < earliest) {
      const lost = earliest - storedNext;
      await this.store.advance(tp, storedNext, earliest);
      this.stats.lostToRetention += lost;
      this.logger.error({ ...tp, storedNext, earliest, lost }, `${tpKey(tp)}: offsets ${storedNext}…${earliest - 1} were deleted by retention before they were applied: ${lost} record(s) can never be applied; continuing at ${earliest}`);
      return this.moveTo(tp, earliest);
    }
    this.stats.rewinds++;
    this.logger.warn({ ...tp, storedNext, seenAt }, `${tpKey(tp)}: the stored position is ${storedNext} but offset ${seenAt} was read: the store is behind Kafka (it lost writes); reading again from ${storedNext}`);
    await this.moveTo(tp, storedNext);
  }

  /** The store's position is ahead: another member (or a zombie of this one) applied further; follow it. */
  async ahead(of: TopicPartition, storedNext: number): Promise<void> {
    const tp = tpOf(of);
    if ((this.expected.get(tpKey(tp)) ?? -1) >= storedNext) return;
    this.logger.warn({ ...tp, storedNext }, `${tpKey(tp)}: the stored position moved on to ${storedNext} (applied elsewhere): seeking there`);
    await this.moveTo(tp, storedNext);
  }

  /** The position vanished (the store was wiped): establish it again from retained data. */
  async lost(of: TopicPartition): Promise<void> {
    const tp = tpOf(of);
    this.expected.delete(tpKey(tp));
    await this.moveTo(tp, await this.establish(tp));
  }

  /** Compare every established partition with the store, and follow it where it differs (run when the store reconnects, and periodically). */
  async reconcile(): Promise<void> {
    const stored = await this.store.readAll();
    for (const tp of this.consumer.assigned()) {
      const expected = this.expected.get(tpKey(tp));
      if (expected === undefined) continue;
      const s = stored.get(positionField(tp));
      if (s === undefined) await this.lost(tp);
      else if (s < expected) await this.behind(tp, s, expected);
      else if (s > expected) await this.ahead(tp, s);
    }
  }

  private async moveTo(tp: TopicPartition, offset: number): Promise<void> {
    this.expected.set(tpKey(tp), offset);
    this.consumer.seek(tp, offset);
    await this.consumer.commit([{ ...tp, offset }]);
  }
}
