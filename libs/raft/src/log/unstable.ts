import { RaftUsageError } from '../errors';
import type { LogBatch, Snapshot } from '../types';
import { batchEndOffset, findBatchIndex } from './batch';

/** What the driver must persist from the log, in this order: snapshot, truncation, batches. */
export interface UnstableContent {
  readonly snapshot: Snapshot | undefined;
  readonly truncateTo: number | undefined;
  readonly batches: readonly LogBatch[];
}

/**
 * The log tail the driver has not persisted yet (etcd's log_unstable). Invariants:
 * - `snapshot`, when set, replaces the whole stored log; then `truncateTo` is unset and the
 *   batches start at snapshot.endOffset;
 * - `truncateTo`, when set, means stored offsets ≥ truncateTo are logically gone;
 * - `batches` are contiguous and start at `start`, which is snapshot.endOffset, truncateTo,
 *   or the stored end offset;
 * - everything here reaches storage in one Ready; advance() then clears it.
 */
export class Unstable {
  snapshot: Snapshot | undefined;
  truncateTo: number | undefined;
  batches: LogBatch[] = [];
  start: number;

  constructor(storedEnd: number) {
    this.start = storedEnd;
  }

  isEmpty(): boolean {
    return this.snapshot === undefined && this.truncateTo === undefined && this.batches.length === 0;
  }

  /** End offset of the logical log when this tail is non-trivial, else undefined (storage decides). */
  endOffset(): number | undefined {
    const last = this.batches[this.batches.length - 1];
    if (last) return batchEndOffset(last);
    return this.snapshot || this.truncateTo !== undefined ? this.start : undefined;
  }

  append(batch: LogBatch, logEnd: number): void {
    if (batch.baseOffset !== logEnd) {
      throw new RaftUsageError('INVALID_APPEND', `append at ${batch.baseOffset} but the log ends at ${logEnd}`);
    }
    if (this.batches.length === 0) this.start = logEnd;
    this.batches.push(batch);
  }

  /** Cuts the logical log at `offset` (a batch boundary at or above the log start). */
  truncate(offset: number): void {
    if (offset >= this.start) {
      const i = findBatchIndex(this.batches, offset);
      if (i >= 0) this.batches.length = i;
      return;
    }
    this.batches = [];
    this.truncateTo = this.truncateTo === undefined ? offset : Math.min(this.truncateTo, offset);
    this.start = offset;
  }

  installSnapshot(snapshot: Snapshot): void {
    this.snapshot = snapshot;
    this.truncateTo = undefined;
    this.batches = [];
    this.start = snapshot.endOffset;
  }

  content(): UnstableContent {
    return { snapshot: this.snapshot, truncateTo: this.truncateTo, batches: [...this.batches] };
  }

  /** The driver persisted everything content() returned; storage now ends at `storedEnd`. */
  clear(storedEnd: number): void {
    this.snapshot = undefined;
    this.truncateTo = undefined;
    this.batches = [];
    this.start = storedEnd;
  }
}
