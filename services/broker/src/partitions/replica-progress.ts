/**
 * What the leader knows of each follower (Kafka's Replica state on the leader): its log end
 * offset as its last fetch said, when it last fetched and when it was last caught up. Pure data
 * plus the rules that read it: the high watermark and the ISR decisions (unit-tested without
 * a log or a clock).
 */
export interface FollowerProgress {
  /** The follower's log end offset (its last fetch offset); -1 until it fetched from this leader. */
  logEndOffset: number;
  lastFetchMs: number;
  /** The last time its fetch reached the leader's log end (Kafka's lastCaughtUpTimeMs). */
  lastCaughtUpMs: number;
  /** The leader's log end when this follower last fetched (Kafka's lastFetchLeaderLogEndOffset). */
  leaderEndAtLastFetch: number;
}

export function freshProgress(nowMs: number): FollowerProgress {
  // As Kafka's makeLeader: every follower gets a full lag time from the election on.
  return { logEndOffset: -1, lastFetchMs: nowMs, lastCaughtUpMs: nowMs, leaderEndAtLastFetch: -1 };
}

/**
 * A follower fetched `fetchOffset` (= its log end) while the leader's log ended at `leaderEnd`.
 * Caught up means it asked for the leader's end, or for at least what the leader's end was at
 * its previous fetch (then it was caught up as of that fetch) — Kafka's updateFetchState.
 */
export function recordFetch(p: FollowerProgress, fetchOffset: number, leaderEnd: number, nowMs: number): void {
  if (fetchOffset >= leaderEnd) p.lastCaughtUpMs = Math.max(p.lastCaughtUpMs, nowMs);
  else if (p.leaderEndAtLastFetch >= 0 && fetchOffset >= p.leaderEndAtLastFetch) p.lastCaughtUpMs = Math.max(p.lastCaughtUpMs, p.lastFetchMs);
  p.logEndOffset = fetchOffset;
  p.leaderEndAtLastFetch = leaderEnd;
  p.lastFetchMs = nowMs;
}

/**
 * The high watermark: the smallest log end offset over the (maximal) ISR, the leader's own log
 * end included, never below the current one (it only moves forward while this broker leads).
 * A member that has not fetched from this leader yet (-1) holds it where it is. Never derived
 * from one replica's log end alone unless that replica is the whole ISR.
 */
export function highWatermarkFor(current: number, leaderId: number, leaderEnd: number, isr: Iterable<number>, progress: ReadonlyMap<number, FollowerProgress>): number {
  let min = leaderEnd;
  for (const id of isr) {
    if (id === leaderId) continue;
    const leo = progress.get(id)?.logEndOffset ?? -1;
    if (leo < 0) return current;
    if (leo < min) min = leo;
  }
  return Math.max(current, min);
}

/** ISR members (not the leader) that have not caught up for longer than `lagTimeMs`: the shrink. */
export function laggingMembers(leaderId: number, isr: readonly number[], progress: ReadonlyMap<number, FollowerProgress>, nowMs: number, lagTimeMs: number): number[] {
  return isr.filter((id) => id !== leaderId && nowMs - (progress.get(id)?.lastCaughtUpMs ?? 0) > lagTimeMs);
}

/**
 * May `replicaId` join the ISR? Kafka's isFollowerInSync: a replica of the partition, not yet a
 * member, whose log reaches the high watermark and the start of the leader's current epoch (so
 * it holds everything this leader wrote below the high watermark).
 */
export function mayJoinIsr(replicaId: number, replicas: readonly number[], isr: readonly number[], followerEnd: number, highWatermark: number, leaderEpochStart: number): boolean {
  return replicas.includes(replicaId) && !isr.includes(replicaId) && followerEnd >= highWatermark && followerEnd >= leaderEpochStart;
}
