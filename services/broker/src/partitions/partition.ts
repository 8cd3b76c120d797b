import { ErrorCode, type BatchHeader } from '@orderlab/kafka-protocol';
import { isStorageError, type LogPosition, type PartitionLog, type ReadResult } from '@orderlab/log-store';
import { AckPurgatory, type AckResult } from './ack-purgatory';
import { freshProgress, highWatermarkFor, recordFetch, type FollowerProgress } from './replica-progress';

export interface AppendOutcome {
  readonly errorCode: number;
  readonly message?: string;
  readonly baseOffset: number;
  /** The offset after the batch (what the high watermark must reach for acks=all); -1 on error. */
  readonly nextOffset: number;
  readonly logAppendTimeMs: number;
  readonly logStartOffset: number;
}

export interface PartitionReadResult extends ReadResult {
  readonly highWatermark: number;
  readonly lastStableOffset: number;
  readonly logStartOffset: number;
}

/** Why waiting fetches are woken: data arrived, the high watermark moved, or the partition is going away (deleted, broker stopping, leadership moved). */
export type PartitionChange = 'appended' | 'hw' | 'closing';

/** The partition's state as the committed metadata says (leader, epochs, replicas, ISR). */
export interface PartitionState {
  readonly leader: number;
  readonly leaderEpoch: number;
  readonly partitionEpoch: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
}

/**
 * One partition hosted on this broker, as leader or follower of it: its log (which owns the
 * idempotent-producer state and the leader epochs), the state the metadata gives it, and its
 * high watermark. As leader it tracks each follower's fetches, moves the high watermark to the
 * smallest log end over the ISR and completes acks=all waits; as follower it appends what the
 * leader sent with the leader's offsets and learns the high watermark from it. Appends are
 * synchronous, so the order of appends is the order requests were processed.
 */
export class Partition {
  private readonly listeners = new Set<(change: PartitionChange) => void>();
  private highWatermarkValue: number;
  private stateValue: PartitionState;
  private readonly progress = new Map<number, FollowerProgress>();
  private readonly acks = new AckPurgatory();
  /** A follower whose ISR expansion is proposed but not yet committed: counted for the high watermark (Kafka's maximal ISR, KIP-497). */
  private pendingJoin: number | null = null;
  private leaderEpochStart = 0;

  constructor(
    readonly topic: string,
    readonly index: number,
    readonly log: PartitionLog,
    readonly localNodeId: number,
    state: PartitionState,
    private readonly now: () => number = Date.now,
  ) {
    this.stateValue = state;
    // No high-watermark checkpoint: a replicated partition starts from its log start and learns
    // the real value from its leader (or, leading, from its followers' fetches), so nothing
    // unreplicated is ever shown as committed after a restart. A lone replica is its whole ISR.
    this.highWatermarkValue = state.replicas.length <= 1 ? log.logEndOffset() : log.logStartOffset();
    if (this.isLeader) this.becomeLeader();
  }

  get state(): PartitionState {
    return this.stateValue;
  }

  get isLeader(): boolean {
    return this.stateValue.leader === this.localNodeId;
  }

  get leaderEpoch(): number {
    return this.stateValue.leaderEpoch;
  }

  isrSize(): number {
    return this.stateValue.isr.length;
  }

  /** The leader's view of a follower (undefined when it has not fetched from this leader). */
  followerProgress(replicaId: number): Readonly<FollowerProgress> | undefined {
    return this.progress.get(replicaId);
  }

  /** Every follower's progress as this leader saw it. */
  followers(): ReadonlyMap<number, Readonly<FollowerProgress>> {
    return this.progress;
  }

  /** Where the current leader epoch starts in this log (a joining follower must reach it). */
  get currentEpochStartOffset(): number {
    return this.leaderEpochStart;
  }

  /** A proposed ISR expansion is waiting to be committed (counted for the high watermark until then). */
  setPendingJoin(replicaId: number | null): void {
    this.pendingJoin = replicaId;
    this.maybeAdvanceHighWatermark();
  }

  /** Never beyond the log end; moved by followers' fetches (leader) or the leader's answers (follower). */
  highWatermark(): number {
    return this.highWatermarkValue;
  }

  /** No transactions yet: nothing is open, so the last stable offset is the high watermark. */
  lastStableOffset(): number {
    return this.highWatermarkValue;
  }

  logStartOffset(): number {
    return this.log.logStartOffset();
  }

  logEndOffset(): number {
    return this.log.logEndOffset();
  }

  /** Why the partition's log went offline (clients get KAFKA_STORAGE_ERROR), or null. */
  offlineReason(): string | null {
    return this.log.offlineReason();
  }

  /** Append a validated client batch, applying the idempotence checks first. */
  appendBatch(batch: Buffer, h: BatchHeader): AppendOutcome {
    if (h.producerId >= 0) {
      const check = this.log.producerState().check(h);
      // A retried batch already in the log: its original offsets (acks=all still waits for them to replicate).
      if (check.kind === 'duplicate') return { ...this.outcome(0, check.baseOffset), nextOffset: check.baseOffset + h.lastOffsetDelta + 1 };
      if (check.kind === 'error') return { ...this.outcome(check.errorCode, -1), message: check.message };
    }
    let baseOffset: number;
    let nextOffset: number;
    try {
      const result = this.log.append(batch, { leaderEpoch: this.stateValue.leaderEpoch });
      baseOffset = result.baseOffset;
      nextOffset = result.logEndOffset;
    } catch (e) {
      if (!isStorageError(e)) throw e;
      return { ...this.outcome(ErrorCode.KAFKA_STORAGE_ERROR, -1), message: e.message };
    }
    this.notify('appended');
    this.maybeAdvanceHighWatermark();
    return { ...this.outcome(0, baseOffset), nextOffset };
  }

  /**
   * acks=all: resolves once the high watermark reaches `requiredOffset` (0), with
   * NOT_ENOUGH_REPLICAS_AFTER_APPEND when the ISR is then smaller than `minIsr`, or
   * NOT_LEADER_OR_FOLLOWER when leadership moves first.
   */
  awaitReplication(requiredOffset: number, minIsr: number): Promise<AckResult> {
    if (!this.isLeader) return Promise.resolve(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    if (this.highWatermarkValue >= requiredOffset) return Promise.resolve(this.isrSize() < minIsr ? ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND : 0);
    return this.acks.wait(requiredOffset, minIsr);
  }

  /**
   * The leader saw a replica fetch at `fetchOffset` (= the follower's log end): record its
   * progress and move the high watermark (completing acks=all waits it passes).
   */
  recordFollowerFetch(replicaId: number, fetchOffset: number): void {
    let p = this.progress.get(replicaId);
    if (!p) {
      p = freshProgress(this.now());
      this.progress.set(replicaId, p);
    }
    recordFetch(p, fetchOffset, this.log.logEndOffset(), this.now());
    this.maybeAdvanceHighWatermark();
  }

  /**
   * Follower: append the leader's batches as they are (offsets, epochs), take its high watermark,
   * and its log start once this log holds it (the leader's DeleteRecords / compaction of
   * __consumer_offsets; Kafka's maybeIncrementLogStartOffset).
   */
  appendFromLeader(records: Buffer, leaderHighWatermark: number, leaderLogStart = -1): void {
    if (records.length > 0) this.log.appendReplicated(records);
    if (leaderLogStart > this.log.logStartOffset() && leaderLogStart <= Math.min(this.log.logEndOffset(), leaderHighWatermark)) this.log.deleteRecordsBefore(leaderLogStart);
    this.followerHighWatermark(leaderHighWatermark);
    if (records.length > 0) this.notify('appended');
  }

  /** Follower: the leader's high watermark, capped by what this log holds. */
  followerHighWatermark(leaderHighWatermark: number): void {
    if (this.isLeader) return;
    const hw = Math.max(this.log.logStartOffset(), Math.min(leaderHighWatermark, this.log.logEndOffset()));
    if (hw !== this.highWatermarkValue) {
      this.highWatermarkValue = hw;
      this.notify('hw');
    }
  }

  /** Follower: cut the divergent tail (decided by leader epoch, never by the local high watermark). */
  truncateTo(offset: number): void {
    if (offset >= this.log.logEndOffset()) return;
    this.log.truncateTo(offset);
    this.highWatermarkValue = Math.min(this.highWatermarkValue, this.log.logEndOffset());
    this.notify('closing');
  }

  /** Follower whose leader's log starts past this one's end: start over, empty, at `offset`. */
  restartAt(offset: number): void {
    this.log.truncateFullyAndStartAt(offset);
    this.highWatermarkValue = offset;
    this.notify('closing');
  }

  /** Read for a consumer: OFFSET_OUT_OF_RANGE outside [logStart, logEnd]; never beyond the high watermark / LSO. */
  read(fetchOffset: number, maxBytes: number, readCommitted: boolean, minOneBatch: boolean): PartitionReadResult | { errorCode: number } {
    if (this.log.offlineReason() !== null) return { errorCode: ErrorCode.KAFKA_STORAGE_ERROR };
    if (fetchOffset < this.log.logStartOffset() || fetchOffset > this.log.logEndOffset()) {
      return { errorCode: ErrorCode.OFFSET_OUT_OF_RANGE };
    }
    const bound = readCommitted ? this.lastStableOffset() : this.highWatermark();
    const empty = fetchOffset >= bound || maxBytes <= 0;
    let result: ReadResult;
    try {
      result = empty ? { chunks: [], bytes: 0 } : this.log.read(fetchOffset, maxBytes, { maxOffset: bound, minOneBatch });
    } catch (e) {
      if (!isStorageError(e)) throw e;
      return { errorCode: ErrorCode.KAFKA_STORAGE_ERROR };
    }
    return { ...result, highWatermark: this.highWatermark(), lastStableOffset: this.lastStableOffset(), logStartOffset: this.log.logStartOffset() };
  }

  /** A follower's read: to the log end (the follower's fetch offset is its own log end). */
  readToLogEnd(fetchOffset: number, maxBytes: number, minOneBatch: boolean): ReadResult | { errorCode: number } {
    if (this.log.offlineReason() !== null) return { errorCode: ErrorCode.KAFKA_STORAGE_ERROR };
    const end = this.log.logEndOffset();
    if (fetchOffset < this.log.logStartOffset() || fetchOffset > end) return { errorCode: ErrorCode.OFFSET_OUT_OF_RANGE };
    if (fetchOffset === end || maxBytes <= 0) return { chunks: [], bytes: 0 };
    try {
      return this.log.read(fetchOffset, maxBytes, { maxOffset: end, minOneBatch });
    } catch (e) {
      if (!isStorageError(e)) throw e;
      return { errorCode: ErrorCode.KAFKA_STORAGE_ERROR };
    }
  }

  /** Where a fetch of `offset` reads from, for a fetch that waits for more data; null when outside the log. */
  fetchPosition(offset: number): LogPosition | null {
    if (this.log.offlineReason() !== null) return null;
    try {
      return this.log.position(offset);
    } catch (e) {
      if (!isStorageError(e)) throw e;
      return null;
    }
  }

  /**
   * Bytes a fetch from `from` could now return: up to the high watermark for a consumer, to the
   * log end for a follower (`toLogEnd`); null when `from` no longer exists (deleted or
   * truncated), which a waiting fetch treats as "answer now".
   */
  bytesAvailable(from: LogPosition, toLogEnd = false): number | null {
    if (this.log.offlineReason() !== null) return null;
    try {
      const all = this.log.bytesAfter(from);
      if (all === null || toLogEnd || this.highWatermarkValue >= this.log.logEndOffset()) return all;
      const hwAt = this.log.position(this.highWatermarkValue);
      if (hwAt === null) return all;
      const beyond = this.log.bytesAfter(hwAt);
      return beyond === null ? all : Math.max(0, all - beyond);
    } catch (e) {
      if (!isStorageError(e)) throw e;
      return null;
    }
  }

  /** Call `listener` on every change until the returned function is called. */
  onChange(listener: (change: PartitionChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The partition is going away (topic deleted, broker stopping): waiting fetches and acks=all waits answer now. */
  close(): void {
    this.acks.failAll(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    this.notify('closing');
  }

  /** The committed metadata changed this partition (leader, epochs, ISR). */
  updateState(state: PartitionState): void {
    const wasLeader = this.isLeader;
    const newEpoch = state.leaderEpoch !== this.stateValue.leaderEpoch;
    this.stateValue = state;
    if (this.pendingJoin !== null && state.isr.includes(this.pendingJoin)) this.pendingJoin = null;
    if (this.isLeader && (!wasLeader || newEpoch)) this.becomeLeader();
    else if (!this.isLeader && wasLeader) {
      // Kafka's makeFollower: waiting produces answer NOT_LEADER_OR_FOLLOWER (retriable), waiting fetches re-check.
      this.progress.clear();
      this.pendingJoin = null;
      this.acks.failAll(ErrorCode.NOT_LEADER_OR_FOLLOWER);
      this.notify('closing');
    } else if (this.isLeader) this.maybeAdvanceHighWatermark(); // a shrink may let it move
  }

  /** Kafka's makeLeader: followers start unknown with a full lag time; the high watermark is kept and moves once they fetch. */
  private becomeLeader(): void {
    this.progress.clear();
    this.pendingJoin = null;
    const nowMs = this.now();
    for (const id of this.stateValue.isr) if (id !== this.localNodeId) this.progress.set(id, freshProgress(nowMs));
    this.leaderEpochStart = this.log.logEndOffset();
    this.maybeAdvanceHighWatermark();
  }

  private maybeAdvanceHighWatermark(): void {
    if (!this.isLeader) return;
    const isr = this.pendingJoin === null ? this.stateValue.isr : [...this.stateValue.isr, this.pendingJoin];
    const hw = highWatermarkFor(this.highWatermarkValue, this.localNodeId, this.log.logEndOffset(), isr, this.progress);
    if (hw === this.highWatermarkValue) return;
    this.highWatermarkValue = hw;
    this.acks.complete(hw, this.stateValue.isr.length);
    this.notify('hw');
  }

  private notify(change: PartitionChange): void {
    for (const l of [...this.listeners]) l(change);
  }

  private outcome(errorCode: number, baseOffset: number): AppendOutcome {
    return { errorCode, baseOffset, nextOffset: -1, logAppendTimeMs: -1, logStartOffset: this.log.logStartOffset() };
  }
}
