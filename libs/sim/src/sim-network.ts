import type { RaftMessage } from '@orderlab/raft';
import type { Rng } from './rng';

export interface NetworkFaults {
  /** Fixed part of every delivery delay (ms). */
  readonly minDelayMs: number;
  /** Mean of the exponential extra delay (ms): spreads deliveries, so messages reorder. */
  readonly meanExtraDelayMs: number;
  readonly dropRate: number;
  readonly duplicateRate: number;
}

export const PERFECT_NETWORK: NetworkFaults = { minDelayMs: 1, meanExtraDelayMs: 1, dropRate: 0, duplicateRate: 0 };

/**
 * Delivers messages between simulated nodes with seeded delay, loss, duplication and reordering,
 * and directed link cuts (a partition is a set of cut links; one-way cuts model asymmetric
 * faults). A cut drops messages both when sent and when they would arrive.
 */
export class SimNetwork {
  private readonly cut = new Set<number>();
  /** Drop rules by content (Kafka's MessageRouter filters): a message matching any is lost. */
  private readonly filters: Array<(m: RaftMessage) => boolean> = [];
  faults: NetworkFaults;
  sent = 0;
  dropped = 0;
  duplicated = 0;

  constructor(
    private readonly rng: Rng,
    faults: NetworkFaults,
    private readonly schedule: (delayMs: number, message: RaftMessage) => void,
  ) {
    this.faults = faults;
  }

  private static key(from: number, to: number): number {
    return from * 1024 + to;
  }

  send(message: RaftMessage): void {
    this.sent++;
    if (this.isCut(message.from, message.to) || this.filters.some((f) => f(message)) || this.rng.chance(this.faults.dropRate)) {
      this.dropped++;
      return;
    }
    this.schedule(this.delay(), message);
    if (this.rng.chance(this.faults.duplicateRate)) {
      this.duplicated++;
      this.schedule(this.delay(), message);
    }
  }

  isCut(from: number, to: number): boolean {
    return this.cut.has(SimNetwork.key(from, to));
  }

  cutLink(from: number, to: number): void {
    this.cut.add(SimNetwork.key(from, to));
  }

  /** Cuts every link between the two groups, both ways. */
  split(a: readonly number[], b: readonly number[]): void {
    for (const x of a) {
      for (const y of b) {
        this.cutLink(x, y);
        this.cutLink(y, x);
      }
    }
  }

  isolate(node: number, all: readonly number[]): void {
    this.split([node], all.filter((n) => n !== node));
  }

  dropMatching(filter: (m: RaftMessage) => boolean): void {
    this.filters.push(filter);
  }

  /** Every cut link and every filter is lifted. */
  heal(): void {
    this.cut.clear();
    this.filters.length = 0;
  }

  hasCuts(): boolean {
    return this.cut.size > 0;
  }

  private delay(): number {
    return this.faults.minDelayMs + this.rng.exponential(this.faults.meanExtraDelayMs);
  }
}
