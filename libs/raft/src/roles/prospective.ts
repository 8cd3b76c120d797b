import type { RaftCore } from '../core';
import { onVoteResponse } from '../handlers/vote';
import { sendVoteRequests } from '../outbound/vote-requests';
import { retreatFromProspective } from '../transitions';
import { requestHandlers, type RoleBehavior } from './role-behavior';

export const prospective: RoleBehavior = {
  tick(core: RaftCore) {
    const st = core.state;
    if (st.role !== 'prospective') return;
    if (core.now >= st.electionDeadline) return retreatFromProspective(core, st);
    sendVoteRequests(core, st);
  },
  handlers: { ...requestHandlers, VoteResponse: onVoteResponse },
};
