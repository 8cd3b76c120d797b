import type { RaftCore } from '../core';
import { RaftErrorCode } from '../errors';
import { batchEndOffset } from '../log/batch';
import type { DivergingEpoch, FetchResponse, FetchSnapshotResponse } from '../messages';
import { sendFetch } from '../outbound/fetch-requests';
import type { FollowerState } from '../roles/role-state';
import { becomeUnattached } from '../transitions';
import type { LogBatch, Snapshot } from '../types';

/** The answer to the fetch in flight from our leader, or undefined for a stale or foreign one. */
function matchInflight(core: RaftCore, resp: FetchResponse | FetchSnapshotResponse): FollowerState | undefined {
  const st = core.state;
  if (st.role !== 'follower' || resp.from !== st.leaderId || st.inflight?.requestId !== resp.requestId) return undefined;
  st.inflight = undefined;
  return st;
}

function onFetchError(core: RaftCore, st: FollowerState, errorCode: number, leaderId: number): void {
  // Our leader says it no longer leads this epoch (it resigned): stop following it.
  if (errorCode === RaftErrorCode.NOT_LEADER_OR_FOLLOWER && leaderId !== st.leaderId) return becomeUnattached(core, core.epoch);
  st.nextFetchAt = core.now + core.config.retryBackoffTicks;
}

/** Batches must continue our log exactly, in non-decreasing epochs no newer than the leader's. */
function batchesContinueLog(core: RaftCore, batches: readonly LogBatch[]): boolean {
  let next = core.log.endOffset();
  let epoch = core.log.lastEpoch();
  for (const b of batches) {
    if (b.baseOffset !== next || b.records.length === 0 || b.epoch < epoch || b.epoch > core.epoch) return false;
    next = batchEndOffset(b);
    epoch = b.epoch;
  }
  return true;
}

/**
 * Truncate towards where our log and the leader's agree; never below the high watermark
 * (committed data). When we hold the leader's diverging epoch, both logs hold a prefix of that
 * epoch's one batch sequence, so they agree up to the shorter end. When we do not (our largest
 * epoch below it is older), cut to the end of that older epoch and fetch again: the leader then
 * answers for it (Kafka's KIP-279 rule). Either way the cut is an epoch end, a batch boundary.
 */
function truncateDiverged(core: RaftCore, diverging: DivergingEpoch): void {
  const ours = core.log.endOffsetForEpoch(diverging.epoch);
  const to = ours.epoch === diverging.epoch ? Math.min(diverging.endOffset, ours.endOffset) : ours.endOffset;
  if (to < core.highWatermark || to < core.log.startOffset() || !core.log.isBatchBoundary(to)) {
    core.logger.error({ nodeId: core.id, to, highWatermark: core.highWatermark, diverging }, 'refusing a divergence below committed data');
    return;
  }
  core.log.truncateTo(to);
}

export function onFetchResponse(core: RaftCore, resp: FetchResponse): void {
  const st = matchInflight(core, resp);
  if (!st) return;
  if (resp.errorCode !== RaftErrorCode.NONE) return onFetchError(core, st, resp.errorCode, resp.currentLeader.leaderId);
  st.fetchDeadline = core.now + core.config.fetchTimeoutTicks;
  st.hasFetched = true;
  if (resp.divergingEpoch) {
    truncateDiverged(core, resp.divergingEpoch);
  } else if (resp.snapshotId) {
    st.snapshotFetch = { id: resp.snapshotId, position: 0, chunks: [] };
  } else if (batchesContinueLog(core, resp.records)) {
    for (const b of resp.records) core.log.append(b);
    // The fetch validated our prefix, and the records extend it: all of it is the leader's log.
    core.raiseHighWatermark(Math.min(resp.highWatermark, core.log.endOffset()));
  } else {
    core.logger.warn({ nodeId: core.id, leaderId: st.leaderId, logEnd: core.log.endOffset() }, 'fetch response records do not continue the log; ignored');
    st.nextFetchAt = core.now + core.config.retryBackoffTicks;
    return;
  }
  sendFetch(core, st);
}

function installSnapshot(core: RaftCore, snapshot: Snapshot): void {
  if (snapshot.endOffset < core.highWatermark) {
    core.logger.error({ nodeId: core.id, snapshotEnd: snapshot.endOffset, highWatermark: core.highWatermark }, 'refusing a snapshot behind committed data');
    return;
  }
  core.log.installSnapshot(snapshot);
  core.raiseHighWatermark(snapshot.endOffset);
  core.appliedOffset = Math.max(core.appliedOffset, snapshot.endOffset);
}

export function onFetchSnapshotResponse(core: RaftCore, resp: FetchSnapshotResponse): void {
  const st = matchInflight(core, resp);
  const download = st?.snapshotFetch;
  if (!st || !download) return;
  if (resp.errorCode === RaftErrorCode.SNAPSHOT_NOT_FOUND || resp.errorCode === RaftErrorCode.POSITION_OUT_OF_RANGE) {
    st.snapshotFetch = undefined; // the leader moved on to a newer snapshot: Fetch again to learn it
    return sendFetch(core, st);
  }
  if (resp.errorCode !== RaftErrorCode.NONE) return onFetchError(core, st, resp.errorCode, resp.currentLeader.leaderId);
  const sameSnapshot = resp.snapshotId.endOffset === download.id.endOffset && resp.snapshotId.epoch === download.id.epoch;
  const chunkFits = resp.position === download.position && resp.position + resp.unalignedRecords.length <= resp.size;
  if (!sameSnapshot || !chunkFits || (resp.unalignedRecords.length === 0 && resp.position < resp.size)) {
    st.snapshotFetch = undefined;
    st.nextFetchAt = core.now + core.config.retryBackoffTicks;
    return;
  }
  st.fetchDeadline = core.now + core.config.fetchTimeoutTicks;
  st.hasFetched = true;
  download.chunks.push(resp.unalignedRecords);
  download.position += resp.unalignedRecords.length;
  if (download.position === resp.size) {
    st.snapshotFetch = undefined;
    installSnapshot(core, { ...download.id, bytes: Buffer.concat(download.chunks) });
  }
  sendFetch(core, st);
}
