import type { RaftCore } from '../core';
import { onEndQuorumEpochResponse } from '../handlers/quorum-epoch';
import { sendEndQuorumEpoch } from '../outbound/quorum-epoch-requests';
import { becomeProspective } from '../transitions';
import { requestHandlers, type RoleBehavior } from './role-behavior';

export const resigned: RoleBehavior = {
  tick(core: RaftCore) {
    const st = core.state;
    if (st.role !== 'resigned') return;
    if (core.now >= st.electionDeadline) return becomeProspective(core);
    sendEndQuorumEpoch(core, st);
  },
  handlers: { ...requestHandlers, EndQuorumEpochResponse: onEndQuorumEpochResponse },
};
