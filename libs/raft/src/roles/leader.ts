import type { RaftCore } from '../core';
import { onBeginQuorumEpochResponse } from '../handlers/quorum-epoch';
import { completeParkedFetches } from '../outbound/leader-fetch';
import { sendBeginQuorumEpoch } from '../outbound/quorum-epoch-requests';
import { becomeResigned, checkQuorumTicks } from '../transitions';
import { requestHandlers, type RoleBehavior } from './role-behavior';

export const leader: RoleBehavior = {
  tick(core: RaftCore) {
    const st = core.state;
    if (st.role !== 'leader') return;
    completeParkedFetches(core, st);
    sendBeginQuorumEpoch(core, st);
    st.replicas.expireObservers(core.now, core.config.observerTimeoutTicks);
    if (core.now < st.checkQuorumDeadline) return;
    if (st.replicas.checkQuorumReached()) {
      st.checkQuorumDeadline = core.now + checkQuorumTicks(core);
      return;
    }
    core.logger.warn({ nodeId: core.id, epoch: core.epoch }, 'check-quorum: no fetch from a majority within 1.5 × fetch timeout; resigning');
    becomeResigned(core, []);
  },
  handlers: { ...requestHandlers, BeginQuorumEpochResponse: onBeginQuorumEpochResponse },
};
