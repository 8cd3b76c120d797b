import type { RaftCore } from '../core';
import { onVoteResponse } from '../handlers/vote';
import { sendVoteRequests } from '../outbound/vote-requests';
import { becomeProspective } from '../transitions';
import { requestHandlers, type RoleBehavior } from './role-behavior';

export const candidate: RoleBehavior = {
  tick(core: RaftCore) {
    const st = core.state;
    if (st.role !== 'candidate') return;
    // Lost (after a random backoff) or timed out: ask for pre-votes again before another epoch.
    const lostAndBackedOff = st.backoffUntil !== undefined && core.now >= st.backoffUntil;
    if (lostAndBackedOff || core.now >= st.electionDeadline) return becomeProspective(core);
    if (st.backoffUntil === undefined) sendVoteRequests(core, st);
  },
  handlers: { ...requestHandlers, VoteResponse: onVoteResponse },
};
