import type { RaftCore } from '../core';
import { RaftErrorCode } from '../errors';
import type { FetchRequest, FetchSnapshotRequest } from '../messages';
import {
  answerFetch,
  answerFetchSnapshotWithError,
  answerFetchWithError,
  leaderOnlyError,
  maybeAdvanceHighWatermark,
  validateFetchPosition,
} from '../outbound/leader-fetch';
import type { LeaderState } from '../roles/role-state';
import { checkQuorumTicks } from '../transitions';

/** Any fetch from a voter proves it follows this epoch and counts for check-quorum. */
function noteContact(core: RaftCore, st: LeaderState, replicaId: number): void {
  st.replicas.touch(replicaId, core.now);
  if (!core.isVoter(replicaId)) return;
  st.beginEpoch.complete(replicaId);
  if (st.replicas.checkQuorumReached()) st.checkQuorumDeadline = core.now + checkQuorumTicks(core);
}

/**
 * Pull replication, leader side: validate the fetcher's position (diverged → divergingEpoch,
 * behind the log start → snapshotId), record a valid position (voters move the high
 * watermark; observers never do), then answer with records — or park the fetch until there is
 * something new, so an idle cluster does not busy-loop.
 */
export function onFetchRequest(core: RaftCore, req: FetchRequest): void {
  const st = core.state;
  if (st.role !== 'leader') return answerFetchWithError(core, req, leaderOnlyError(core, req.currentLeaderEpoch));
  if (req.replicaId !== req.from || req.replicaId === core.id) return answerFetchWithError(core, req, RaftErrorCode.INVALID_REQUEST);
  const error = leaderOnlyError(core, req.currentLeaderEpoch);
  if (error !== RaftErrorCode.NONE) return answerFetchWithError(core, req, error);
  noteContact(core, st, req.replicaId);
  const position = validateFetchPosition(core.log, req.fetchOffset, req.lastFetchedEpoch);
  if (position.kind !== 'valid') {
    core.respond(req, {
      type: 'FetchResponse',
      errorCode: RaftErrorCode.NONE,
      highWatermark: core.highWatermark,
      logStartOffset: core.log.startOffset(),
      currentLeader: { leaderId: core.id, leaderEpoch: core.epoch },
      records: [],
      ...(position.kind === 'diverging' ? { divergingEpoch: { epoch: position.epoch, endOffset: position.endOffset } } : { snapshotId: position.snapshotId }),
    });
    return;
  }
  st.replicas.recordFetch(req.replicaId, req.fetchOffset, core.log.endOffset(), core.now);
  if (core.isVoter(req.replicaId)) maybeAdvanceHighWatermark(core, st);
  const nothingNew = req.fetchOffset >= core.log.endOffset() && core.highWatermark <= st.replicas.highWatermarkSent(req.replicaId);
  if (nothingNew && req.maxWaitTicks > 0) {
    st.parked.set(req.from, { request: req, deadline: core.now + Math.min(req.maxWaitTicks, core.config.fetchMaxWaitTicks) });
    return;
  }
  st.parked.delete(req.from);
  answerFetch(core, st, req);
}

/** Serves the latest snapshot in chunks by byte position. */
export function onFetchSnapshotRequest(core: RaftCore, req: FetchSnapshotRequest): void {
  const st = core.state;
  if (st.role !== 'leader') return answerFetchSnapshotWithError(core, req, leaderOnlyError(core, req.currentLeaderEpoch));
  if (req.replicaId !== req.from || req.replicaId === core.id) return answerFetchSnapshotWithError(core, req, RaftErrorCode.INVALID_REQUEST);
  const error = leaderOnlyError(core, req.currentLeaderEpoch);
  if (error !== RaftErrorCode.NONE) return answerFetchSnapshotWithError(core, req, error);
  noteContact(core, st, req.replicaId);
  const snapshot = core.log.servedSnapshot(req.snapshotId);
  if (!snapshot) return answerFetchSnapshotWithError(core, req, RaftErrorCode.SNAPSHOT_NOT_FOUND);
  if (req.position < 0 || req.position > snapshot.bytes.length) return answerFetchSnapshotWithError(core, req, RaftErrorCode.POSITION_OUT_OF_RANGE);
  const chunk = Math.max(1, Math.min(req.maxBytes, core.config.maxSnapshotChunkBytes));
  core.respond(req, {
    type: 'FetchSnapshotResponse',
    errorCode: RaftErrorCode.NONE,
    snapshotId: { endOffset: snapshot.endOffset, epoch: snapshot.epoch },
    currentLeader: { leaderId: core.id, leaderEpoch: core.epoch },
    size: snapshot.bytes.length,
    position: req.position,
    unalignedRecords: snapshot.bytes.subarray(req.position, req.position + chunk),
  });
}
