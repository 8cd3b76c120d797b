import type { RaftCore } from '../core';
import type { LeaderState, ResignedState } from '../roles/role-state';

/** BeginQuorumEpoch to every voter not yet known to follow this epoch, as their requests fall due. */
export function sendBeginQuorumEpoch(core: RaftCore, st: LeaderState): void {
  for (const to of st.beginEpoch.due(core.now, core.config.requestTimeoutTicks)) {
    const requestId = core.request({ type: 'BeginQuorumEpochRequest', to, leaderId: core.id, leaderEpoch: core.epoch });
    st.beginEpoch.sent(to, requestId, core.now);
  }
}

/** EndQuorumEpoch to every voter that has not acknowledged the resignation. */
export function sendEndQuorumEpoch(core: RaftCore, st: ResignedState): void {
  for (const to of st.endEpoch.due(core.now, core.config.requestTimeoutTicks)) {
    const requestId = core.request({
      type: 'EndQuorumEpochRequest',
      to,
      leaderId: core.id,
      leaderEpoch: core.epoch,
      preferredSuccessors: st.preferredSuccessors,
    });
    st.endEpoch.sent(to, requestId, core.now);
  }
}
