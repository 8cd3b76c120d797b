import type { RaftCore } from '../core';
import type { FollowerState } from '../roles/role-state';

/** The follower's next pull: a FetchSnapshot while a snapshot download is under way, else a Fetch. */
export function sendFetch(core: RaftCore, st: FollowerState): void {
  const requestId = st.snapshotFetch
    ? core.request({
        type: 'FetchSnapshotRequest',
        to: st.leaderId,
        replicaId: core.id,
        currentLeaderEpoch: core.epoch,
        snapshotId: st.snapshotFetch.id,
        position: st.snapshotFetch.position,
        maxBytes: core.config.maxSnapshotChunkBytes,
      })
    : core.request({
        type: 'FetchRequest',
        to: st.leaderId,
        replicaId: core.id,
        currentLeaderEpoch: core.epoch,
        fetchOffset: core.log.endOffset(),
        lastFetchedEpoch: core.log.lastEpoch(),
        logStartOffset: core.log.startOffset(),
        maxWaitTicks: core.config.fetchMaxWaitTicks,
        maxBytes: core.config.maxFetchBytes,
      });
  st.inflight = { requestId, sentAt: core.now };
}
