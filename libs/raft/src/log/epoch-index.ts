import { RaftUsageError } from '../errors';
import type { RaftStorage } from '../storage/storage';
import type { SnapshotId } from '../types';

export interface EpochStart {
  readonly epoch: number;
  readonly startOffset: number;
}

/** The answer to "where does epoch e end": the largest epoch ≤ e in the log and its end offset. */
export interface OffsetAndEpoch {
  readonly epoch: number;
  readonly endOffset: number;
}

/** When the log holds no epoch ≤ the asked one: the empty prefix. */
const EMPTY_PREFIX: OffsetAndEpoch = { epoch: 0, endOffset: 0 };

/**
 * The core's leader-epoch cache (Kafka's LeaderEpochFileCache) over the logical log — storage
 * plus the unstable tail — so epoch questions never touch storage after start-up. `base` is the
 * log start: {endOffset: log start offset, epoch: epoch of the record just below it}.
 * Invariants: entries ascend strictly by epoch and weakly by startOffset (an epoch with no
 * records has the next epoch's start); every entry starts at or above base.endOffset; the
 * record at base.endOffset - 1 has base.epoch.
 */
export class EpochIndex {
  private entries: EpochStart[];
  private base: SnapshotId | undefined;

  constructor(base: SnapshotId | undefined, entries: EpochStart[] = []) {
    this.base = base;
    this.entries = entries;
  }

  /** Rebuilds from storage's answers, walking down from the last epoch (one call per epoch). */
  static fromStorage(storage: RaftStorage): EpochIndex {
    const first = storage.firstOffset();
    let base: SnapshotId | undefined;
    if (first > 0) {
      const startEpoch = storage.epochOf(first - 1);
      if (!startEpoch.ok) throw new RaftUsageError('STORAGE_ERROR', `log starts at ${first} but storage knows no epoch before it`);
      base = { endOffset: first, epoch: startEpoch.value };
    }
    const entries: EpochStart[] = [];
    if (storage.endOffset() > first) {
      let epoch = storage.lastEpoch();
      for (;;) {
        const previous = epoch > 0 ? storage.endOffsetForEpoch(epoch - 1) : undefined;
        const start = previous && previous.endOffset > first ? previous.endOffset : first;
        entries.unshift({ epoch, startOffset: start });
        if (!previous || start === first) break;
        epoch = previous.epoch;
      }
    }
    return new EpochIndex(base, entries);
  }

  lastEpoch(): number {
    const last = this.entries[this.entries.length - 1];
    return last ? last.epoch : (this.base?.epoch ?? 0);
  }

  /** Records that `epoch` has a batch at `startOffset` (a no-op when it is already the last epoch). */
  append(epoch: number, startOffset: number): void {
    const last = this.entries[this.entries.length - 1];
    if (last && epoch === last.epoch) return;
    if (epoch < this.lastEpoch()) throw new RaftUsageError('INVALID_APPEND', `epoch ${epoch} appended after epoch ${this.lastEpoch()}`);
    this.entries.push({ epoch, startOffset });
  }

  /** Forgets epochs that start at or above `offset` (the log now ends there). */
  truncateTo(offset: number): void {
    while (this.entries.length > 0 && this.entries[this.entries.length - 1]!.startOffset >= offset) this.entries.pop();
  }

  /** The log was replaced by a snapshot: it now starts at the snapshot's end. */
  reset(snapshot: SnapshotId): void {
    this.base = { endOffset: snapshot.endOffset, epoch: snapshot.epoch };
    this.entries = [];
  }

  /** Epoch of the record at `offset` (must be in the log, or base.endOffset - 1). */
  epochOf(offset: number): number | undefined {
    if (this.base && offset === this.base.endOffset - 1) return this.base.epoch;
    if (this.base && offset < this.base.endOffset) return undefined;
    let lo = 0;
    let hi = this.entries.length - 1;
    let found: EpochStart | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const e = this.entries[mid]!;
      if (e.startOffset <= offset) {
        found = e;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found?.epoch;
  }

  /** Largest epoch ≤ `epoch` and where it ends; `logEnd` closes the last epoch. */
  endOffsetForEpoch(epoch: number, logEnd: number): OffsetAndEpoch {
    let i = -1;
    let lo = 0;
    let hi = this.entries.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.epoch <= epoch) {
        i = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (i >= 0) {
      const next = this.entries[i + 1];
      return { epoch: this.entries[i]!.epoch, endOffset: next ? next.startOffset : logEnd };
    }
    if (this.base && this.base.epoch <= epoch) {
      return { epoch: this.base.epoch, endOffset: this.entries[0]?.startOffset ?? logEnd };
    }
    return EMPTY_PREFIX;
  }
}
