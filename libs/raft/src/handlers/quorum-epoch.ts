import type { RaftCore } from '../core';
import { RaftErrorCode } from '../errors';
import type { BeginQuorumEpochRequest, BeginQuorumEpochResponse, EndQuorumEpochRequest, EndQuorumEpochResponse } from '../messages';
import { becomeFollower, becomeUnattached } from '../transitions';

function leaderClaimError(core: RaftCore, req: BeginQuorumEpochRequest | EndQuorumEpochRequest): number {
  if (req.leaderId !== req.from) return RaftErrorCode.INVALID_REQUEST;
  if (!core.isVoter(req.leaderId) || req.leaderId === core.id) return RaftErrorCode.INCONSISTENT_VOTER_SET;
  if (req.leaderEpoch < core.epoch) return RaftErrorCode.FENCED_LEADER_EPOCH;
  return RaftErrorCode.NONE;
}

function answer(core: RaftCore, req: BeginQuorumEpochRequest | EndQuorumEpochRequest, errorCode: number): void {
  const type = req.type === 'BeginQuorumEpochRequest' ? 'BeginQuorumEpochResponse' : 'EndQuorumEpochResponse';
  core.respond(req, { type, errorCode, leaderId: core.advertisedLeader(), leaderEpoch: core.epoch });
}

/** A new leader announces itself: follow it (it won a majority in that epoch). */
export function onBeginQuorumEpoch(core: RaftCore, req: BeginQuorumEpochRequest): void {
  const error = leaderClaimError(core, req);
  if (error !== RaftErrorCode.NONE) return answer(core, req, error);
  const st = core.state;
  if (req.leaderEpoch === core.epoch && (st.role === 'leader' || st.role === 'resigned' || (st.role === 'follower' && st.leaderId !== req.leaderId))) {
    core.logger.error({ nodeId: core.id, epoch: core.epoch, claimedBy: req.leaderId, leaderId: core.leaderId }, 'two leaders claim one epoch');
    return answer(core, req, RaftErrorCode.INVALID_REQUEST);
  }
  if (!(st.role === 'follower' && req.leaderEpoch === core.epoch)) becomeFollower(core, req.leaderEpoch, req.leaderId);
  answer(core, req, RaftErrorCode.NONE);
}

/** How soon to campaign after a resignation: the first preferred successor at once, later ones after growing backoffs. */
function successorDeadline(core: RaftCore, preferredSuccessors: readonly number[]): number {
  const position = preferredSuccessors.indexOf(core.id);
  if (position < 0) return core.now + core.randomElectionTimeout();
  return core.now + 1 + Math.min(core.config.electionBackoffMaxTicks, core.config.retryBackoffTicks * (2 ** position - 1));
}

/** The leader resigns: stop following it, and elect sooner when named a successor. */
export function onEndQuorumEpoch(core: RaftCore, req: EndQuorumEpochRequest): void {
  const error = leaderClaimError(core, req);
  if (error !== RaftErrorCode.NONE) return answer(core, req, error);
  const deadline = successorDeadline(core, req.preferredSuccessors);
  const st = core.state;
  if (req.leaderEpoch > core.epoch || (st.role === 'follower' && st.leaderId === req.leaderId)) {
    becomeUnattached(core, req.leaderEpoch, deadline);
  } else if (st.role === 'unattached') {
    st.electionDeadline = Math.min(st.electionDeadline, deadline);
  }
  answer(core, req, RaftErrorCode.NONE);
}

export function onBeginQuorumEpochResponse(core: RaftCore, resp: BeginQuorumEpochResponse): void {
  const st = core.state;
  if (st.role !== 'leader' || !st.beginEpoch.settle(resp.from, resp.requestId)) return;
  if (resp.errorCode === RaftErrorCode.NONE && resp.leaderEpoch === core.epoch) st.beginEpoch.complete(resp.from);
  else st.beginEpoch.retryAt(resp.from, core.now + core.config.retryBackoffTicks, core.config.requestTimeoutTicks);
}

export function onEndQuorumEpochResponse(core: RaftCore, resp: EndQuorumEpochResponse): void {
  const st = core.state;
  if (st.role !== 'resigned' || !st.endEpoch.settle(resp.from, resp.requestId)) return;
  if (resp.errorCode === RaftErrorCode.NONE) st.endEpoch.complete(resp.from);
  else st.endEpoch.retryAt(resp.from, core.now + core.config.retryBackoffTicks, core.config.requestTimeoutTicks);
}
