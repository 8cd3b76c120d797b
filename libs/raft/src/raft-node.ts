import { err, ok, type Result } from '@orderlab/shared';
import { resolveConfig, type RaftConfigInput } from './config';
import { RaftCore } from './core';
import { RaftUsageError } from './errors';
import { batchEndOffset } from './log/batch';
import type { RaftMessage } from './messages';
import { completeParkedFetches, maybeAdvanceHighWatermark } from './outbound/leader-fetch';
import type { Ready } from './ready';
import type { RaftStatus } from './status';
import { step, tick } from './step';
import { becomeResigned, startUp } from './transitions';
import { sameHardState, type HardState, type LogBatch, type RaftRole, type Snapshot } from './types';

export interface Proposed {
  readonly baseOffset: number;
  /** baseOffset + records - 1: committed once the high watermark passes it. */
  readonly lastOffset: number;
  readonly epoch: number;
}

export type ProposeError =
  /** Only the leader appends; the controller answers NOT_CONTROLLER naming `leaderId` (-1 when unknown). */
  | { readonly code: 'NOT_LEADER'; readonly leaderId: number; readonly epoch: number }
  | { readonly code: 'EMPTY_BATCH' };

export type SnapshotError =
  | { readonly code: 'NOT_APPLIED'; readonly appliedOffset: number }
  | { readonly code: 'EPOCH_MISMATCH'; readonly epoch: number | undefined }
  | { readonly code: 'NOT_NEWER' };

/**
 * The public API: a single-threaded, deterministic Raft node (etcd's RawNode). Inputs: tick(),
 * step(message), propose(records), resign(), snapshotCreated(snapshot). Output: ready(), whose
 * contract is on the Ready type, then advance().
 */
export class RaftNode {
  private readonly core: RaftCore;
  private persisted: HardState;
  private pending: { readonly ready: Ready; readonly committedEnd: number } | undefined;

  constructor(config: RaftConfigInput) {
    this.core = new RaftCore(resolveConfig(config));
    this.persisted = config.storage.initialHardState();
    startUp(this.core);
  }

  get nodeId(): number {
    return this.core.id;
  }

  get role(): RaftRole {
    return this.core.state.role;
  }

  get epoch(): number {
    return this.core.epoch;
  }

  get leaderId(): number {
    return this.core.advertisedLeader();
  }

  get highWatermark(): number {
    return this.core.highWatermark;
  }

  tick(): void {
    this.assertNoReadyPending('tick');
    tick(this.core);
  }

  step(message: RaftMessage): void {
    this.assertNoReadyPending('step');
    step(this.core, message);
  }

  /** Appends one batch (atomically, one epoch) on the leader. */
  propose(records: readonly Buffer[]): Result<Proposed, ProposeError> {
    this.assertNoReadyPending('propose');
    const core = this.core;
    const st = core.state;
    if (st.role !== 'leader') return err({ code: 'NOT_LEADER', leaderId: core.advertisedLeader(), epoch: core.epoch });
    if (records.length === 0) return err({ code: 'EMPTY_BATCH' });
    const batch: LogBatch = { baseOffset: core.log.endOffset(), epoch: core.epoch, records: [...records], control: false };
    core.log.append(batch);
    completeParkedFetches(core, st);
    return ok({ baseOffset: batch.baseOffset, lastOffset: batchEndOffset(batch) - 1, epoch: batch.epoch });
  }

  /** Graceful resignation (EndQuorumEpoch naming the most caught-up voters first). False when not leader. */
  resign(): boolean {
    this.assertNoReadyPending('resign');
    const st = this.core.state;
    if (st.role !== 'leader') return false;
    becomeResigned(this.core, st.replicas.successorsByProgress());
    return true;
  }

  /**
   * The driver snapshotted its state machine at snapshot.endOffset (≤ what it applied). The core
   * serves it to fetchers below the log start; afterwards the driver may compact the log below it.
   */
  snapshotCreated(snapshot: Snapshot): Result<void, SnapshotError> {
    const core = this.core;
    if (snapshot.endOffset > core.appliedOffset) return err({ code: 'NOT_APPLIED', appliedOffset: core.appliedOffset });
    const epoch = snapshot.endOffset === 0 ? 0 : core.log.epochOf(snapshot.endOffset - 1);
    if (epoch !== snapshot.epoch) return err({ code: 'EPOCH_MISMATCH', epoch });
    return core.log.offerSnapshot(snapshot) ? ok(undefined) : err({ code: 'NOT_NEWER' });
  }

  hasReady(): boolean {
    const core = this.core;
    if (this.pending) return false;
    return (
      !sameHardState(core.hardState(), this.persisted) || core.log.hasUnstable() || core.outbox.length > 0 || core.appliedOffset < core.highWatermark
    );
  }

  ready(): Ready {
    this.assertNoReadyPending('ready');
    const core = this.core;
    const hardState = core.hardState();
    const unstable = core.log.unstableContent();
    const committed = this.committedBatches();
    const ready: { -readonly [K in keyof Ready]: Ready[K] } = {
      entries: unstable.batches,
      committed,
      messages: core.outbox,
      highWatermark: core.highWatermark,
      role: core.state.role,
      epoch: core.epoch,
      leaderId: core.advertisedLeader(),
    };
    if (!sameHardState(hardState, this.persisted)) ready.hardState = hardState;
    if (unstable.snapshot) ready.snapshot = unstable.snapshot;
    if (unstable.truncateTo !== undefined) ready.truncateTo = unstable.truncateTo;
    core.outbox = [];
    const last = committed[committed.length - 1];
    this.pending = { ready, committedEnd: last ? batchEndOffset(last) : core.appliedOffset };
    return ready;
  }

  /** The last Ready was persisted, its messages sent and its committed batches applied. */
  advance(): void {
    const pending = this.pending;
    if (!pending) throw new RaftUsageError('NO_READY_PENDING', 'advance() without a pending ready()');
    const core = this.core;
    core.log.markStable();
    if (pending.ready.hardState) this.persisted = pending.ready.hardState;
    core.appliedOffset = Math.max(core.appliedOffset, pending.committedEnd);
    this.pending = undefined;
    const st = core.state;
    if (st.role === 'leader') {
      st.replicas.updateLeader(core.log.persistedEndOffset(), core.now);
      maybeAdvanceHighWatermark(core, st);
    }
  }

  status(): RaftStatus {
    const core = this.core;
    const st = core.state;
    return {
      nodeId: core.id,
      role: st.role,
      epoch: core.epoch,
      leaderId: core.advertisedLeader(),
      votedId: core.votedId,
      highWatermark: core.highWatermark,
      logStartOffset: core.log.startOffset(),
      logEndOffset: core.log.endOffset(),
      appliedOffset: core.appliedOffset,
      tick: core.now,
      voters: st.role === 'leader' ? st.replicas.voters() : [],
      observers: st.role === 'leader' ? st.replicas.observers() : [],
    };
  }

  private committedBatches(): readonly LogBatch[] {
    const core = this.core;
    if (core.appliedOffset >= core.highWatermark) return [];
    const batches = core.log.read(core.appliedOffset, core.highWatermark, core.config.maxCommittedBytesPerReady);
    if (!batches) {
      throw new RaftUsageError('STORAGE_ERROR', `committed batches from ${core.appliedOffset} are gone (compacted past what was applied?)`);
    }
    return batches;
  }

  private assertNoReadyPending(call: string): void {
    if (this.pending) throw new RaftUsageError('READY_PENDING', `${call}() between ready() and advance(): queue it until advance()`);
  }
}
