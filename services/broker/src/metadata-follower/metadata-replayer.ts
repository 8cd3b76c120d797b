import { DecodeError } from '@orderlab/kafka-protocol';
import {
  EMPTY_IMAGE,
  MetadataApplyError,
  applyBatch,
  decodeLogBatch,
  decodeSnapshotFile,
  loadSnapshot,
  metadataRecordsOf,
  splitRecordBatches,
  type LogRecordBatch,
  type MetadataImage,
} from '@orderlab/metadata';

/** The metadata log could not be replayed (a batch that does not decode or apply): the broker stays fenced. */
export class ReplayError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const endOf = (b: LogRecordBatch): number => b.baseOffset + b.records.length;

/**
 * An observer's copy of `__cluster_metadata-0`, pure: batches fetched from the leader are held
 * until the high watermark passes them (only committed records are applied — the leader may
 * still truncate the rest), then applied in order with libs/metadata's one `applyBatch`, exactly
 * as the controllers apply them. A diverging epoch drops the uncommitted tail; a snapshot
 * replaces everything. Nothing is kept on disk: a restarted broker fetches again (from the
 * leader's latest snapshot when the log start has moved past 0).
 */
export class MetadataReplayer {
  private imageValue: MetadataImage = EMPTY_IMAGE;
  /** Everything below this offset is in the image. */
  private appliedEndValue = 0;
  private appliedEpoch = 0;
  private pending: LogRecordBatch[] = [];
  private highWatermarkValue = 0;

  get image(): MetadataImage {
    return this.imageValue;
  }

  get appliedEnd(): number {
    return this.appliedEndValue;
  }

  /** The offset of the last applied record (-1 before any): what heartbeats report. */
  get lastAppliedOffset(): number {
    return this.appliedEndValue - 1;
  }

  get highWatermark(): number {
    return this.highWatermarkValue;
  }

  /** Committed records not applied yet (the lag /health reports). */
  get lag(): number {
    return Math.max(0, this.highWatermarkValue - this.appliedEndValue);
  }

  /** Where the next fetch starts, and the epoch of the batch before it (Fetch's lastFetchedEpoch). */
  fetchPosition(): { fetchOffset: number; lastFetchedEpoch: number } {
    const last = this.pending[this.pending.length - 1];
    return last ? { fetchOffset: endOf(last), lastFetchedEpoch: last.epoch } : { fetchOffset: this.appliedEndValue, lastFetchedEpoch: this.appliedEpoch };
  }

  /**
   * Takes a fetch answer's records and high watermark; returns true when the image changed.
   * Batches before the fetch position (a re-sent answer) are skipped. Throws ReplayError.
   */
  onFetched(records: Buffer | null, highWatermark: number): boolean {
    let at = this.fetchPosition().fetchOffset;
    for (const bytes of records && records.length > 0 ? this.split(records, at) : []) {
      const batch = this.decode(bytes, at);
      if (batch.baseOffset < at) continue;
      if (batch.baseOffset > at) throw new ReplayError(at, `fetched batch starts at offset ${batch.baseOffset}, expected ${at}`);
      this.pending.push(batch);
      at = endOf(batch);
    }
    this.highWatermarkValue = Math.max(this.highWatermarkValue, highWatermark);
    return this.applyCommitted();
  }

  /** The leader says our log diverged after `endOffset` (in its epoch): drop what we hold past it. */
  truncateTo(endOffset: number): void {
    if (endOffset < this.appliedEndValue) {
      throw new ReplayError(endOffset, `the leader truncates to ${endOffset}, below the committed offset ${this.appliedEndValue} already applied`);
    }
    this.pending = this.pending.filter((b) => endOf(b) <= endOffset);
    const last = this.pending[this.pending.length - 1];
    if (last && endOf(last) !== endOffset && endOffset < this.fetchPosition().fetchOffset) {
      // The divergence point falls inside a batch: drop that batch too and fetch it again.
      this.pending.pop();
    }
  }

  /** Replace everything with a KRaft snapshot (FetchSnapshot's bytes) ending at `endOffset`. Throws ReplayError. */
  loadSnapshot(bytes: Buffer, endOffset: number, epoch: number): void {
    let image: MetadataImage;
    try {
      image = loadSnapshot(decodeSnapshotFile(bytes).records, endOffset - 1, epoch);
    } catch (e) {
      throw this.replayError(e, endOffset);
    }
    this.imageValue = image;
    this.appliedEndValue = endOffset;
    this.appliedEpoch = epoch;
    this.pending = [];
    this.highWatermarkValue = Math.max(this.highWatermarkValue, endOffset);
  }

  private applyCommitted(): boolean {
    let changed = false;
    while (this.pending.length > 0 && endOf(this.pending[0] as LogRecordBatch) <= this.highWatermarkValue) {
      const batch = this.pending.shift() as LogRecordBatch;
      try {
        const records = metadataRecordsOf(batch);
        const applied = records.length > 0 ? applyBatch(this.imageValue, records, batch.baseOffset, batch.epoch) : this.imageValue;
        this.imageValue = { ...applied, lastAppliedOffset: endOf(batch) - 1, lastAppliedEpoch: batch.epoch };
      } catch (e) {
        this.pending.unshift(batch);
        throw this.replayError(e, batch.baseOffset);
      }
      this.appliedEndValue = endOf(batch);
      this.appliedEpoch = batch.epoch;
      changed = true;
    }
    return changed;
  }

  private split(records: Buffer, at: number): Buffer[] {
    try {
      return splitRecordBatches(records);
    } catch (e) {
      throw this.replayError(e, at);
    }
  }

  private decode(bytes: Buffer, at: number): LogRecordBatch {
    try {
      return decodeLogBatch(bytes);
    } catch (e) {
      throw this.replayError(e, at);
    }
  }

  private replayError(e: unknown, offset: number): Error {
    if (e instanceof MetadataApplyError || e instanceof DecodeError) return new ReplayError(offset, `metadata log at offset ${offset}: ${e.message}`);
    return e as Error;
  }
}
