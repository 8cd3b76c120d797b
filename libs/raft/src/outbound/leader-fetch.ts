import type { RaftCore } from '../core';
import { RaftErrorCode } from '../errors';
import type { RaftLog } from '../log/raft-log';
import type { FetchRequest, FetchSnapshotRequest } from '../messages';
import type { LeaderState } from '../roles/role-state';
import type { SnapshotId } from '../types';

/** Where a fetcher stands against the leader's log (Kafka's validateOffsetAndEpoch). */
export type FetchPosition =
  | { readonly kind: 'valid' }
  | { readonly kind: 'diverging'; readonly epoch: number; readonly endOffset: number }
  | { readonly kind: 'snapshot'; readonly snapshotId: SnapshotId };

export function validateFetchPosition(log: RaftLog, fetchOffset: number, lastFetchedEpoch: number): FetchPosition {
  const start = log.startOffset();
  if (start > 0) {
    const startEpoch = log.epochOf(start - 1) ?? 0;
    const behind = fetchOffset < start || (fetchOffset === start && lastFetchedEpoch !== startEpoch) || lastFetchedEpoch < startEpoch;
    const snapshot = log.latestSnapshot();
    if (behind && snapshot) return { kind: 'snapshot', snapshotId: { endOffset: snapshot.endOffset, epoch: snapshot.epoch } };
  }
  const end = log.endOffsetForEpoch(lastFetchedEpoch);
  if (end.epoch !== lastFetchedEpoch || fetchOffset > end.endOffset) return { kind: 'diverging', epoch: end.epoch, endOffset: end.endOffset };
  return { kind: 'valid' };
}

/** The error a non-leader, or a leader of another epoch, answers a leader-only request with. */
export function leaderOnlyError(core: RaftCore, currentLeaderEpoch: number): number {
  if (currentLeaderEpoch < core.epoch) return RaftErrorCode.FENCED_LEADER_EPOCH;
  if (currentLeaderEpoch > core.epoch) return RaftErrorCode.UNKNOWN_LEADER_EPOCH;
  return core.state.role === 'leader' ? RaftErrorCode.NONE : RaftErrorCode.NOT_LEADER_OR_FOLLOWER;
}

const currentLeader = (core: RaftCore) => ({ leaderId: core.advertisedLeader(), leaderEpoch: core.epoch });

export function answerFetchWithError(core: RaftCore, req: FetchRequest, errorCode: number): void {
  core.respond(req, { type: 'FetchResponse', errorCode, highWatermark: -1, logStartOffset: -1, currentLeader: currentLeader(core), records: [] });
}

export function answerFetchSnapshotWithError(core: RaftCore, req: FetchSnapshotRequest, errorCode: number): void {
  core.respond(req, {
    type: 'FetchSnapshotResponse',
    errorCode,
    snapshotId: req.snapshotId,
    currentLeader: currentLeader(core),
    size: -1,
    position: -1,
    unalignedRecords: Buffer.alloc(0),
  });
}

/** Answers a validated fetch with the records from its offset and the high watermark. */
export function answerFetch(core: RaftCore, st: LeaderState, req: FetchRequest): void {
  const maxBytes = Math.min(req.maxBytes, core.config.maxFetchBytes);
  const records = core.log.read(req.fetchOffset, core.log.endOffset(), maxBytes) ?? [];
  core.respond(req, {
    type: 'FetchResponse',
    errorCode: RaftErrorCode.NONE,
    highWatermark: core.highWatermark,
    logStartOffset: core.log.startOffset(),
    currentLeader: currentLeader(core),
    records,
  });
  st.replicas.noteHighWatermarkSent(req.replicaId, core.highWatermark);
}

/** True when a parked fetch has something to say: new records, a newer high watermark, or its time is up. */
function parkedFetchIsDue(core: RaftCore, st: LeaderState, req: FetchRequest, deadline: number): boolean {
  return core.log.endOffset() > req.fetchOffset || core.highWatermark > st.replicas.highWatermarkSent(req.replicaId) || core.now >= deadline;
}

export function completeParkedFetches(core: RaftCore, st: LeaderState): void {
  for (const [from, parked] of st.parked) {
    if (!parkedFetchIsDue(core, st, parked.request, parked.deadline)) continue;
    st.parked.delete(from);
    answerFetch(core, st, parked.request);
  }
}

/** The leader stepped down: parked fetches learn the new epoch / leader at once. */
export function answerParkedFetchesAfterStepDown(core: RaftCore, old: LeaderState): void {
  for (const parked of old.parked.values()) answerFetchWithError(core, parked.request, leaderOnlyError(core, parked.request.currentLeaderEpoch));
  old.parked.clear();
}

/** HW = the offset a majority of voters hold, once that passes this epoch's start (KIP-595). */
export function maybeAdvanceHighWatermark(core: RaftCore, st: LeaderState): void {
  const majority = st.replicas.majorityEndOffset();
  if (majority > st.epochStartOffset && core.raiseHighWatermark(majority)) completeParkedFetches(core, st);
}
