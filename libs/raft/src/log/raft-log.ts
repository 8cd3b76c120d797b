import { RaftUsageError } from '../errors';
import type { RaftStorage } from '../storage/storage';
import type { LogBatch, Snapshot, SnapshotId } from '../types';
import { batchEndOffset, batchSizeBytes, sliceBatches } from './batch';
import { EpochIndex, type OffsetAndEpoch } from './epoch-index';
import { Unstable, type UnstableContent } from './unstable';

/**
 * The log as the core sees it: durable storage, plus the unstable tail that the pending Ready
 * will persist, plus the epoch index over both. Also holds the latest snapshot the core serves
 * through FetchSnapshot (created by the driver, or installed from the leader).
 */
export class RaftLog {
  private readonly storage: RaftStorage;
  private readonly epochs: EpochIndex;
  private readonly unstable: Unstable;
  private snapshot: Snapshot | undefined;
  /** The one before `snapshot`, still served so a download in progress survives one newer snapshot. */
  private previousSnapshot: Snapshot | undefined;

  constructor(storage: RaftStorage) {
    this.storage = storage;
    this.epochs = EpochIndex.fromStorage(storage);
    this.unstable = new Unstable(storage.endOffset());
    this.snapshot = storage.snapshot();
  }

  startOffset(): number {
    return this.unstable.snapshot ? this.unstable.snapshot.endOffset : this.storage.firstOffset();
  }

  endOffset(): number {
    return this.unstable.endOffset() ?? this.storage.endOffset();
  }

  /** Where the log ends once only what the driver has already persisted is counted. */
  persistedEndOffset(): number {
    if (this.unstable.snapshot) return this.unstable.snapshot.endOffset;
    const stored = this.storage.endOffset();
    return this.unstable.truncateTo === undefined ? stored : Math.min(stored, this.unstable.truncateTo);
  }

  /** Epoch of the last record (what a Fetch or Vote calls lastFetchedEpoch / lastOffsetEpoch). */
  lastEpoch(): number {
    return this.epochs.lastEpoch();
  }

  epochOf(offset: number): number | undefined {
    if (offset < this.startOffset() - 1 || offset >= this.endOffset()) return undefined;
    return this.epochs.epochOf(offset);
  }

  endOffsetForEpoch(epoch: number): OffsetAndEpoch {
    return this.epochs.endOffsetForEpoch(epoch, this.endOffset());
  }

  latestSnapshot(): Snapshot | undefined {
    return this.snapshot;
  }

  append(batch: LogBatch): void {
    this.epochs.append(batch.epoch, batch.baseOffset);
    this.unstable.append(batch, this.endOffset());
  }

  /** Cuts the log so it ends at `offset` (a batch boundary ≥ startOffset()). */
  truncateTo(offset: number): void {
    if (offset >= this.endOffset()) return;
    this.unstable.truncate(offset);
    this.epochs.truncateTo(offset);
  }

  /** Replaces the whole log by a snapshot from the leader. */
  installSnapshot(snapshot: Snapshot): void {
    this.unstable.installSnapshot(snapshot);
    this.epochs.reset(snapshot);
    this.previousSnapshot = undefined;
    this.snapshot = snapshot;
  }

  /** A snapshot the driver created; kept when newer than the one held. */
  offerSnapshot(snapshot: Snapshot): boolean {
    if (this.snapshot && snapshot.endOffset <= this.snapshot.endOffset) return false;
    this.previousSnapshot = this.snapshot;
    this.snapshot = snapshot;
    return true;
  }

  /** The snapshot with this id, if still served (the latest or the one before it). */
  servedSnapshot(id: SnapshotId): Snapshot | undefined {
    const same = (s: Snapshot | undefined) => s !== undefined && s.endOffset === id.endOffset && s.epoch === id.epoch;
    if (same(this.snapshot)) return this.snapshot;
    return same(this.previousSnapshot) ? this.previousSnapshot : undefined;
  }

  /** True when a batch starts at `offset`, or the log starts or ends there. */
  isBatchBoundary(offset: number): boolean {
    if (offset === this.startOffset() || offset === this.endOffset()) return true;
    return offset > this.startOffset() && offset < this.endOffset() && this.read(offset, this.endOffset(), 1) !== undefined;
  }

  hasUnstable(): boolean {
    return !this.unstable.isEmpty();
  }

  unstableContent(): UnstableContent {
    return this.unstable.content();
  }

  /** The driver persisted unstableContent(). */
  markStable(): void {
    const expected = this.endOffset();
    if (this.storage.endOffset() !== expected) {
      throw new RaftUsageError('STORAGE_ERROR', `at advance() storage ends at ${this.storage.endOffset()}, expected ${expected}: was the Ready persisted?`);
    }
    this.unstable.clear(expected);
  }

  /**
   * Whole batches from `from` (a batch boundary) up to `to`, within maxBytes (at least one).
   * Undefined when `from` is below the log start (compacted) or not a boundary.
   */
  read(from: number, to: number, maxBytes: number): LogBatch[] | undefined {
    if (from < this.startOffset()) return undefined; // also while a snapshot install is pending: storage below it is stale
    const limit = Math.min(to, this.endOffset());
    if (from >= limit) return from <= this.endOffset() && from >= this.startOffset() ? [] : undefined;
    if (from >= this.unstable.start && !this.unstable.isEmpty()) return sliceBatches(this.unstable.batches, from, limit, maxBytes);
    const storedLimit = Math.min(limit, this.unstable.isEmpty() ? limit : this.unstable.start);
    const stored = this.storage.batches(from, storedLimit, maxBytes);
    if (!stored.ok) return undefined;
    const out = [...stored.value];
    const last = out[out.length - 1];
    const next = last ? batchEndOffset(last) : from;
    if (next === this.unstable.start && next < limit && this.unstable.batches.length > 0) {
      const bytesLeft = maxBytes - out.reduce((n, b) => n + batchSizeBytes(b), 0);
      if (bytesLeft > 0) out.push(...(sliceBatches(this.unstable.batches, next, limit, bytesLeft) ?? []));
    }
    return out;
  }
}
