import type { RaftCore } from '../core';
import { onFetchResponse, onFetchSnapshotResponse } from '../handlers/fetch-at-follower';
import { sendFetch } from '../outbound/fetch-requests';
import { becomeProspective } from '../transitions';
import { requestHandlers, type RoleBehavior } from './role-behavior';

export const follower: RoleBehavior = {
  tick(core: RaftCore) {
    const st = core.state;
    if (st.role !== 'follower') return;
    if (core.now >= st.fetchDeadline) return becomeProspective(core);
    const due = st.inflight ? core.now - st.inflight.sentAt >= core.config.requestTimeoutTicks : core.now >= st.nextFetchAt;
    if (due) sendFetch(core, st);
  },
  handlers: { ...requestHandlers, FetchResponse: onFetchResponse, FetchSnapshotResponse: onFetchSnapshotResponse },
};
