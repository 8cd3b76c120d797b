import { majorityOffset, majoritySize } from '../quorum/majority';

/** What the leader knows about one replica, as DescribeQuorum reports it (times in ticks). */
export interface ReplicaProgress {
  readonly replicaId: number;
  /** The replica's log end offset as of its last valid fetch (-1 before any). */
  readonly logEndOffset: number;
  /** Tick of its last fetch (-1 before any). */
  readonly lastFetchTick: number;
  /** Last tick at which it was known to have everything the leader had (-1 before any). */
  readonly lastCaughtUpTick: number;
}

interface MutableProgress {
  replicaId: number;
  logEndOffset: number;
  lastFetchTick: number;
  lastCaughtUpTick: number;
  /** Leader end offset at this replica's previous valid fetch (Kafka's caught-up rule). */
  leaderEndAtLastFetch: number;
  /** Tick of the contact before the last one. */
  previousFetchTick: number;
  /** The high watermark last sent to it, so a fetch with nothing new can be parked. */
  highWatermarkSent: number;
}

const fresh = (replicaId: number): MutableProgress => ({
  replicaId,
  logEndOffset: -1,
  lastFetchTick: -1,
  lastCaughtUpTick: -1,
  leaderEndAtLastFetch: -1,
  previousFetchTick: -1,
  highWatermarkSent: -1,
});

/**
 * The leader's view of every replica for one epoch (etcd's tracker/): voters count for the
 * high watermark and check-quorum; observers (brokers following the log) are tracked only for
 * status, and forgotten after a session timeout without fetches.
 */
export class ReplicaTracker {
  private readonly voterProgress = new Map<number, MutableProgress>();
  private readonly observerProgress = new Map<number, MutableProgress>();
  /** Voters (other than the leader) heard from since the check-quorum timer last reset. */
  private readonly fetchedSinceCheck = new Set<number>();

  constructor(
    private readonly leaderId: number,
    voters: readonly number[],
  ) {
    for (const v of voters) this.voterProgress.set(v, fresh(v));
  }

  isVoter(id: number): boolean {
    return this.voterProgress.has(id);
  }

  /** The leader's own persisted end offset. */
  updateLeader(endOffset: number, now: number): void {
    const p = this.voterProgress.get(this.leaderId)!;
    p.logEndOffset = Math.max(p.logEndOffset, endOffset);
    p.lastFetchTick = now;
    p.lastCaughtUpTick = now;
  }

  /**
   * A valid fetch at `fetchOffset`, after touch() noted the contact. Within an epoch a validated
   * offset never moves back (the replica holds that prefix durably and the leader never
   * truncates), so a delayed duplicate cannot lower it. Caught up (Kafka's rule): it reached the
   * leader's end, or at least the end the leader had at its previous fetch.
   */
  recordFetch(replicaId: number, fetchOffset: number, leaderEnd: number, now: number): void {
    const p = this.progressFor(replicaId);
    p.logEndOffset = Math.max(p.logEndOffset, fetchOffset);
    if (fetchOffset >= leaderEnd) p.lastCaughtUpTick = now;
    else if (p.leaderEndAtLastFetch >= 0 && fetchOffset >= p.leaderEndAtLastFetch) p.lastCaughtUpTick = Math.max(p.lastCaughtUpTick, p.previousFetchTick);
    p.leaderEndAtLastFetch = leaderEnd;
  }

  /** Any fetch-like contact (also FetchSnapshot), for check-quorum and status. */
  touch(replicaId: number, now: number): void {
    const p = this.progressFor(replicaId);
    p.previousFetchTick = p.lastFetchTick;
    p.lastFetchTick = now;
    if (this.voterProgress.has(replicaId) && replicaId !== this.leaderId) this.fetchedSinceCheck.add(replicaId);
  }

  /** True (and the window restarts) when a majority, the leader included, fetched since the last reset. */
  checkQuorumReached(): boolean {
    if (this.fetchedSinceCheck.size + 1 < majoritySize(this.voterProgress.size)) return false;
    this.fetchedSinceCheck.clear();
    return true;
  }

  highWatermarkSent(replicaId: number): number {
    return this.progressFor(replicaId).highWatermarkSent;
  }

  noteHighWatermarkSent(replicaId: number, hw: number): void {
    this.progressFor(replicaId).highWatermarkSent = hw;
  }

  /** The offset a majority of voters hold. */
  majorityEndOffset(): number {
    const offsets = [...this.voterProgress.values()].map((p) => Math.max(0, p.logEndOffset));
    return majorityOffset(offsets, this.voterProgress.size);
  }

  /** Forgets observers that have not fetched for `timeoutTicks`. */
  expireObservers(now: number, timeoutTicks: number): void {
    for (const [id, p] of this.observerProgress) if (now - p.lastFetchTick >= timeoutTicks) this.observerProgress.delete(id);
  }

  voters(): ReplicaProgress[] {
    return [...this.voterProgress.values()].map(snapshotOf);
  }

  observers(): ReplicaProgress[] {
    return [...this.observerProgress.values()].map(snapshotOf).sort((a, b) => a.replicaId - b.replicaId);
  }

  /** Other voters by log end offset, best first: the preferred successors on resignation. */
  successorsByProgress(): number[] {
    return [...this.voterProgress.values()]
      .filter((p) => p.replicaId !== this.leaderId)
      .sort((a, b) => b.logEndOffset - a.logEndOffset || a.replicaId - b.replicaId)
      .map((p) => p.replicaId);
  }

  private progressFor(replicaId: number): MutableProgress {
    const voter = this.voterProgress.get(replicaId);
    if (voter) return voter;
    let observer = this.observerProgress.get(replicaId);
    if (!observer) {
      observer = fresh(replicaId);
      this.observerProgress.set(replicaId, observer);
    }
    return observer;
  }
}

const snapshotOf = (p: MutableProgress): ReplicaProgress => ({
  replicaId: p.replicaId,
  logEndOffset: p.logEndOffset,
  lastFetchTick: p.lastFetchTick,
  lastCaughtUpTick: p.lastCaughtUpTick,
});
