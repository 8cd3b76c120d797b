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
  const role = core.state.role;
  if (leaderEpoch === core.epoch && knownLeader && (role === 'unattached' || role === 'prospective' || role === 'candidate')) {
    becomeFollower(core, leaderEpoch, leaderId);
  }
}
