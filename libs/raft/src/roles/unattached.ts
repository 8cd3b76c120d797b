import type { RaftCore } from '../core';
import { becomeProspective } from '../transitions';
import { requestHandlers, type RoleBehavior } from './role-behavior';

export const unattached: RoleBehavior = {
  tick(core: RaftCore) {
    const st = core.state;
    if (st.role === 'unattached' && core.now >= st.electionDeadline) becomeProspective(core);
  },
  handlers: requestHandlers,
};
