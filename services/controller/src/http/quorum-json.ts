import type { RaftStatus, ReplicaProgress } from '@orderlab/raft';

export interface QuorumJsonSource {
  status(): RaftStatus;
  readonly tickMs: number;
  tickToWallMs(tick: number): number;
  readonly voterIds: readonly number[];
  readonly active: boolean;
  readonly snapshot: { readonly endOffset: number; readonly epoch: number } | undefined;
}

function progressJson(src: QuorumJsonSource, s: RaftStatus, p: ReplicaProgress) {
  return {
    nodeId: p.replicaId,
    logEndOffset: p.logEndOffset,
    /** Milliseconds since its last fetch (-1: never). */
    lastFetchMs: p.lastFetchTick < 0 ? -1 : (s.tick - p.lastFetchTick) * src.tickMs,
    lastFetchTimestamp: src.tickToWallMs(p.lastFetchTick),
    lastCaughtUpTimestamp: src.tickToWallMs(p.lastCaughtUpTick),
    lag: p.logEndOffset < 0 ? -1 : Math.max(0, s.logEndOffset - p.logEndOffset),
  };
}

/**
 * GET /quorum. The leader knows every voter's and observer's progress (what DescribeQuorum
 * reports); another node knows only its own, so it lists the voters with -1 for what it cannot see.
 */
export function quorumJson(src: QuorumJsonSource) {
  const s = src.status();
  const voters =
    s.role === 'leader'
      ? s.voters.map((p) => progressJson(src, s, p))
      : src.voterIds.map((nodeId) => ({ nodeId, logEndOffset: nodeId === s.nodeId ? s.logEndOffset : -1, lastFetchMs: -1, lastFetchTimestamp: -1, lastCaughtUpTimestamp: -1, lag: -1 }));
  return {
    nodeId: s.nodeId,
    role: s.role,
    epoch: s.epoch,
    leaderId: s.leaderId,
    votedId: s.votedId,
    highWatermark: s.highWatermark,
    logStartOffset: s.logStartOffset,
    logEndOffset: s.logEndOffset,
    appliedOffset: s.appliedOffset,
    activeController: src.active,
    snapshot: src.snapshot ? { endOffset: src.snapshot.endOffset, epoch: src.snapshot.epoch } : null,
    voters,
    observers: s.observers.map((p) => progressJson(src, s, p)),
  };
}
