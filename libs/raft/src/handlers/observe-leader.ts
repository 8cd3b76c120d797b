import type { RaftCore } from '../core';
import { responseLeader, type RaftResponse } from '../messages';
import { becomeFollower, becomeUnattached } from '../transitions';
import { NO_REPLICA } from '../types';

/**
 * Every response names its sender's epoch and leader. A higher epoch moves this node there (as
 * follower when the leader is known); a leader of our own epoch ends a search for one.
 */
export function observeResponseLeader(core: RaftCore, resp: RaftResponse): void {
  const { leaderId, leaderEpoch } = responseLeader(resp);
  const knownLeader = leaderId !== NO_REPLICA && leaderId !== core.id && core.isVoter(leaderId);
  if (leaderEpoch > core.epoch) {
    if (knownLeader) becomeFollower(core, leaderEpoch, leaderId);
    else becomeUnattached(core, leaderEpoch);
    return;
  }
  const st = core.state;
  // A prospective already knows the leader it lost; hearing that name again is no news (a voter
  // granting the pre-vote may still name it) and must not end the pre-vote.
  const news = st.role === 'unattached' || st.role === 'candidate' || (st.role === 'prospective' && leaderId !== st.retainedLeaderId);
  if (leaderEpoch === core.epoch && knownLeader && news) becomeFollower(core, leaderEpoch, leaderId);
}
