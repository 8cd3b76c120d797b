import { err, ok } from '@orderlab/shared';
import { RaftUsageError } from '../errors';
import { batchEndOffset, findBatchIndex, sliceBatches } from '../log/batch';
import { INITIAL_HARD_STATE, type HardState, type LogBatch, type Snapshot } from '../types';
import type { EpochEnd, RaftStorage, StorageResult } from './storage';

interface EpochStart {
  readonly epoch: number;
  readonly startOffset: number;
}

/**
 * The reference RaftStorage, in memory (etcd's MemoryStorage). Its mutators are the driver's
 * side: writeReady() calls them in the Ready's order. Batches are kept by reference.
 * Invariants: batches are contiguous from firstOffset(); epochStarts lists each epoch's first
 * offset among them, ascending; a snapshot exists whenever firstOffset() > 0.
 */
export class MemoryStorage implements RaftStorage {
  private hardState: HardState = INITIAL_HARD_STATE;
  private batchList: LogBatch[] = [];
  private epochStarts: EpochStart[] = [];
  private start = 0;
  /** Epoch of the record at start - 1, once compacted. */
  private startEpoch = 0;
  private latestSnapshot: Snapshot | undefined;

  initialHardState(): HardState {
    return this.hardState;
  }

  firstOffset(): number {
    return this.start;
  }

  endOffset(): number {
    const last = this.batchList[this.batchList.length - 1];
    return last ? batchEndOffset(last) : this.start;
  }

  batches(from: number, to: number, maxBytes: number): StorageResult<readonly LogBatch[]> {
    if (from < this.start) return err({ code: 'COMPACTED', offset: from, firstOffset: this.start });
    const end = this.endOffset();
    if (from > end) return err({ code: 'UNAVAILABLE', offset: from, endOffset: end });
    if (from === end) return ok([]);
    const slice = sliceBatches(this.batchList, from, to, maxBytes);
    return slice ? ok(slice) : err({ code: 'NOT_BATCH_BOUNDARY', offset: from });
  }

  epochOf(offset: number): StorageResult<number> {
    if (offset === this.start - 1 && this.start > 0) return ok(this.startEpoch);
    if (offset < this.start) return err({ code: 'COMPACTED', offset, firstOffset: this.start });
    if (offset >= this.endOffset()) return err({ code: 'UNAVAILABLE', offset, endOffset: this.endOffset() });
    let found = this.epochStarts[0]!;
    for (const e of this.epochStarts) if (e.startOffset <= offset) found = e;
    return ok(found.epoch);
  }

  endOffsetForEpoch(epoch: number): EpochEnd | undefined {
    let i = -1;
    while (i + 1 < this.epochStarts.length && this.epochStarts[i + 1]!.epoch <= epoch) i++;
    if (i < 0) return undefined;
    const next = this.epochStarts[i + 1];
    return { epoch: this.epochStarts[i]!.epoch, endOffset: next ? next.startOffset : this.endOffset() };
  }

  lastEpoch(): number {
    const last = this.epochStarts[this.epochStarts.length - 1];
    return last ? last.epoch : this.startEpoch;
  }

  snapshot(): Snapshot | undefined {
    return this.latestSnapshot;
  }

  // ---- driver side ----

  setHardState(hs: HardState): void {
    this.hardState = hs;
  }

  append(batches: readonly LogBatch[]): void {
    for (const b of batches) {
      if (b.baseOffset !== this.endOffset()) {
        throw new RaftUsageError('INVALID_APPEND', `append at ${b.baseOffset} but the log ends at ${this.endOffset()}`);
      }
      const lastEpoch = this.epochStarts[this.epochStarts.length - 1]?.epoch ?? -1;
      if (b.epoch < lastEpoch) throw new RaftUsageError('INVALID_APPEND', `epoch ${b.epoch} after epoch ${lastEpoch}`);
      if (b.epoch > lastEpoch) this.epochStarts.push({ epoch: b.epoch, startOffset: b.baseOffset });
      this.batchList.push(b);
    }
  }

  /** Removes every batch at or above `offset` (a batch boundary). */
  truncateTo(offset: number): void {
    if (offset >= this.endOffset()) return;
    if (offset < this.start) throw new RaftUsageError('INVALID_APPEND', `truncation to ${offset} below the log start ${this.start}`);
    const i = findBatchIndex(this.batchList, offset);
    if (i < 0) throw new RaftUsageError('INVALID_APPEND', `truncation to ${offset} is not at a batch boundary`);
    this.batchList.length = i;
    while (this.epochStarts.length > 0 && this.epochStarts[this.epochStarts.length - 1]!.startOffset >= offset) this.epochStarts.pop();
  }

  /** A snapshot from the leader replaces the whole log. */
  installSnapshot(snapshot: Snapshot): void {
    this.batchList = [];
    this.epochStarts = [];
    this.start = snapshot.endOffset;
    this.startEpoch = snapshot.epoch;
    this.latestSnapshot = snapshot;
  }

  /** Records a snapshot the driver created from its state machine (inside the log). */
  saveSnapshot(snapshot: Snapshot): void {
    if (this.latestSnapshot && snapshot.endOffset <= this.latestSnapshot.endOffset) return;
    this.latestSnapshot = snapshot;
  }

  /** Drops the batches below `offset`, which a saved snapshot must cover. */
  compact(offset: number): void {
    if (offset <= this.start) return;
    if (!this.latestSnapshot || this.latestSnapshot.endOffset < offset) {
      throw new RaftUsageError('INVALID_APPEND', `compaction to ${offset} is not covered by a snapshot`);
    }
    if (offset > this.endOffset()) throw new RaftUsageError('INVALID_APPEND', `compaction to ${offset} beyond the log end`);
    const i = offset === this.endOffset() ? this.batchList.length : findBatchIndex(this.batchList, offset);
    if (i < 0) throw new RaftUsageError('INVALID_APPEND', `compaction to ${offset} is not at a batch boundary`);
    const epochBelow = this.epochOf(offset - 1);
    if (!epochBelow.ok) throw new RaftUsageError('INVALID_APPEND', `compaction to ${offset}: ${epochBelow.error.code}`);
    this.startEpoch = epochBelow.value;
    this.batchList.splice(0, i);
    this.start = offset;
    const lastBelow = this.epochStarts.filter((e) => e.startOffset <= offset).pop();
    this.epochStarts = this.epochStarts.filter((e) => e.startOffset > offset);
    if (lastBelow && this.batchList.length > 0) this.epochStarts.unshift({ epoch: lastBelow.epoch, startOffset: offset });
  }

  /** An independent copy (batches and buffers shared: they are immutable). */
  clone(): MemoryStorage {
    const c = new MemoryStorage();
    c.hardState = this.hardState;
    c.batchList = [...this.batchList];
    c.epochStarts = [...this.epochStarts];
    c.start = this.start;
    c.startEpoch = this.startEpoch;
    c.latestSnapshot = this.latestSnapshot;
    return c;
  }
}
