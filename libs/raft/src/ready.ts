import type { RaftMessage } from './messages';
import type { HardState, LogBatch, RaftRole, Snapshot } from './types';

/**
 * One batch of work for the driver, from RaftNode.ready(). The driver MUST, in this order:
 *  1. persist: `hardState` (if set), then install `snapshot` (if set: it replaces the whole
 *     log, and the state machine restores from its bytes), then truncate the log at
 *     `truncateTo` (if set: drop every offset ≥ it), then append `entries`; then fsync.
 *     (writeReady() does steps 1 for a MemoryStorage.)
 *  2. only after that fsync returned, send `messages`. Persist-before-send is what makes a
 *     vote, an epoch and a Fetch's fetchOffset mean something: a node that sends first and
 *     crashes may forget a vote it granted or data it claimed to hold, and a committed entry
 *     can be lost (the simulation's send-before-persist driver demonstrates it).
 *  3. apply `committed` to the state machine, in order (control batches carry no user records).
 *  4. call advance(). Until then call nothing else on the node: queue incoming messages,
 *     ticks and proposals, and feed them after advance().
 */
export interface Ready {
  /** Present when the hard state changed since the last persisted one. */
  readonly hardState?: HardState;
  /** A snapshot from the leader to install (followers only). */
  readonly snapshot?: Snapshot;
  /** Cut the stored log here before appending (the log diverged from the leader's). */
  readonly truncateTo?: number;
  /** Batches to append, contiguous, after truncation. */
  readonly entries: readonly LogBatch[];
  /** Batches now committed (below the high watermark), from the last applied offset on. */
  readonly committed: readonly LogBatch[];
  /** To send once everything above is durable. */
  readonly messages: readonly RaftMessage[];
  readonly highWatermark: number;
  /** The role and epoch when this Ready was taken (for logs and health endpoints). */
  readonly role: RaftRole;
  readonly epoch: number;
  readonly leaderId: number;
}
