import type { Result } from '@orderlab/shared';
import type { HardState, LogBatch, Snapshot } from '../types';

/** Named storage failures, a discriminated union on `code` (etcd's ErrCompacted, ErrUnavailable, …). */
export type StorageError =
  | { readonly code: 'COMPACTED'; readonly offset: number; readonly firstOffset: number }
  | { readonly code: 'UNAVAILABLE'; readonly offset: number; readonly endOffset: number }
  | { readonly code: 'NOT_BATCH_BOUNDARY'; readonly offset: number };

export type StorageResult<T> = Result<T, StorageError>;

/** The largest epoch ≤ some asked epoch that the log holds, and the offset where it ends (exclusive). */
export interface EpochEnd {
  readonly epoch: number;
  readonly endOffset: number;
}

/**
 * What the core reads of the durable state; it never writes. The driver persists each Ready into
 * its storage (see writeReady) and only then calls advance(), so storage always holds exactly
 * what was acknowledged. Offsets below firstOffset() are covered by snapshot().
 */
export interface RaftStorage {
  /** The hard state persisted last (INITIAL_HARD_STATE on a fresh node). */
  initialHardState(): HardState;
  /** Log start offset: 0, or the end offset of the snapshot the log was compacted behind. */
  firstOffset(): number;
  /** The next offset to be written. */
  endOffset(): number;
  /**
   * Whole batches starting at `from` (a batch boundary), ending at or below `to`, within
   * `maxBytes` (at least one batch if any fits below `to`). from === endOffset() gives [].
   */
  batches(from: number, to: number, maxBytes: number): StorageResult<readonly LogBatch[]>;
  /** Epoch of the record at `offset`; firstOffset() - 1 answers the snapshot's epoch. */
  epochOf(offset: number): StorageResult<number>;
  /** Largest epoch ≤ `epoch` among the held batches and where it ends; undefined when none. */
  endOffsetForEpoch(epoch: number): EpochEnd | undefined;
  /** Epoch of the last record (the snapshot's epoch for an empty compacted log, 0 for an empty log). */
  lastEpoch(): number;
  /** The latest snapshot, created locally or installed from the leader. */
  snapshot(): Snapshot | undefined;
}
