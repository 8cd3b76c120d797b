import type { RaftCore } from '../core';
import { RaftErrorCode } from '../errors';
import type { VoteRequest, VoteResponse } from '../messages';
import { becomeCandidate, becomeLeader, becomeUnattached, retreatFromProspective } from '../transitions';
import { NO_REPLICA } from '../types';

/** Raft's up-to-date rule on (lastOffsetEpoch, lastOffset): epoch first, then offset. */
export function candidateLogIsUpToDate(core: RaftCore, req: Pick<VoteRequest, 'lastOffsetEpoch' | 'lastOffset'>): boolean {
  const epoch = core.log.lastEpoch();
  return req.lastOffsetEpoch > epoch || (req.lastOffsetEpoch === epoch && req.lastOffset >= core.log.endOffset());
}

/** May this node give its binding vote in its current epoch to `candidateId`? */
function canGrantVoteInEpoch(core: RaftCore, candidateId: number): boolean {
  const role = core.state.role;
  if (role !== 'unattached' && role !== 'prospective') return false;
  return core.leaderId === NO_REPLICA && (core.votedId === NO_REPLICA || core.votedId === candidateId);
}

/**
 * KIP-996: grant a pre-vote when a binding vote would be granted — except that a leader, and a
 * follower that is still fetching successfully from its leader, refuse, so a node coming back
 * from a partition cannot start an election that deposes a healthy leader.
 */
function canGrantPreVote(core: RaftCore, req: VoteRequest): boolean {
  const st = core.state;
  if (st.role === 'leader' || (st.role === 'follower' && st.hasFetched)) return false;
  const epochAllows = req.candidateEpoch > core.epoch || (req.candidateEpoch === core.epoch && canGrantVoteInEpoch(core, req.candidateId));
  return epochAllows && candidateLogIsUpToDate(core, req);
}

function answerVote(core: RaftCore, req: VoteRequest, errorCode: number, voteGranted: boolean): void {
  core.respond(req, { type: 'VoteResponse', errorCode, leaderId: core.advertisedLeader(), leaderEpoch: core.epoch, voteGranted });
}

export function onVoteRequest(core: RaftCore, req: VoteRequest): void {
  if (req.candidateId !== req.from || !core.isVoter(req.candidateId)) {
    return answerVote(core, req, RaftErrorCode.INCONSISTENT_VOTER_SET, false);
  }
  if (req.candidateEpoch < core.epoch) return answerVote(core, req, RaftErrorCode.FENCED_LEADER_EPOCH, false);
  if (req.preVote) return answerVote(core, req, RaftErrorCode.NONE, canGrantPreVote(core, req));
  if (req.candidateEpoch > core.epoch) becomeUnattached(core, req.candidateEpoch);
  const granted = canGrantVoteInEpoch(core, req.candidateId) && candidateLogIsUpToDate(core, req);
  if (granted) {
    core.votedId = req.candidateId;
    // Voting restarts the election timer (the candidate deserves its chance) and ends a pre-vote.
    becomeUnattached(core, core.epoch);
  }
  answerVote(core, req, RaftErrorCode.NONE, granted);
}

/** A (pre-)vote answer for a prospective or a candidate; stale and duplicate answers are ignored. */
export function onVoteResponse(core: RaftCore, resp: VoteResponse): void {
  const st = core.state;
  if (st.role !== 'prospective' && st.role !== 'candidate') return;
  if (!st.requests.settle(resp.from, resp.requestId)) return;
  const granted = resp.errorCode === RaftErrorCode.NONE && resp.voteGranted && (st.role === 'prospective' || resp.leaderEpoch === core.epoch);
  st.tally.record(resp.from, granted);
  const outcome = st.tally.outcome();
  if (st.role === 'prospective') {
    if (outcome === 'won') becomeCandidate(core);
    else if (outcome === 'lost') retreatFromProspective(core, st);
    return;
  }
  if (outcome === 'won') becomeLeader(core, st.tally.grantingVoters());
  else if (outcome === 'lost' && st.backoffUntil === undefined) st.backoffUntil = core.now + core.randomBackoff();
}
