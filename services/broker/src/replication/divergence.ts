/**
 * Divergence by leader epoch (KIP-101, KIP-595's Fetch DivergingEpoch): pure decisions, shared
 * by the leader's Fetch handler and the follower's fetcher. Truncation is never decided by a
 * replica's own high watermark, which would lose acknowledged records or keep divergent ones.
 */
export interface EpochEnd {
  readonly epoch: number;
  readonly endOffset: number;
}

/** OffsetsForLeaderEpoch's UNDEFINED_EPOCH / UNDEFINED_EPOCH_OFFSET. */
export const UNDEFINED = -1;

/**
 * Leader side (Kafka's Partition.fetchRecords): a follower that last fetched `lastFetchedEpoch`
 * and now asks for `fetchOffset` has diverged when this log's end of that epoch (`leaderEnd`,
 * from endOffsetFor) is a smaller epoch or lies before the fetch offset. Returns the
 * DivergingEpoch to answer, 'out-of-range' when this log knows no such epoch, or null to serve the fetch.
 */
export function divergingEpoch(lastFetchedEpoch: number, fetchOffset: number, leaderEnd: EpochEnd): EpochEnd | 'out-of-range' | null {
  if (lastFetchedEpoch < 0) return null;
  // Kafka answers OFFSET_OUT_OF_RANGE when it knows no end for the epoch (an empty or restarted-empty leader log).
  if (leaderEnd.epoch === UNDEFINED || leaderEnd.endOffset === UNDEFINED) return 'out-of-range';
  if (leaderEnd.epoch < lastFetchedEpoch || leaderEnd.endOffset < fetchOffset) return leaderEnd;
  return null;
}

/**
 * Follower side (Kafka's AbstractFetcherThread.getOffsetTruncationState): where to cut this log
 * given the leader's DivergingEpoch, this log's end of that epoch (`localEnd`) and its log end.
 * `done` false means the cut is at an earlier epoch boundary and the next fetch (with the new
 * last epoch) may cut further.
 */
export function truncationOffset(leader: EpochEnd, localEnd: EpochEnd, logEnd: number): { offset: number; done: boolean } {
  if (localEnd.epoch === UNDEFINED) return { offset: Math.min(leader.endOffset, logEnd), done: true };
  if (localEnd.epoch !== leader.epoch) return { offset: Math.min(localEnd.endOffset, logEnd), done: false };
  return { offset: Math.min(leader.endOffset, localEnd.endOffset, logEnd), done: true };
}

/**
 * Follower side of OFFSET_OUT_OF_RANGE (Kafka's handleOutOfRangeError, with the leader's high
 * watermark standing in for its log end): a leader whose log starts past ours means starting over
 * there; otherwise our log reaches past what the leader holds, and the tail beyond the leader's
 * high watermark is cut.
 */
export function outOfRangeAction(logEnd: number, leaderLogStart: number, leaderHighWatermark: number): { kind: 'restart'; offset: number } | { kind: 'truncate'; offset: number } | { kind: 'none' } {
  if (leaderLogStart > logEnd) return { kind: 'restart', offset: leaderLogStart };
  if (leaderHighWatermark >= 0 && logEnd > leaderHighWatermark) return { kind: 'truncate', offset: Math.max(leaderHighWatermark, leaderLogStart) };
  return { kind: 'none' };
}
