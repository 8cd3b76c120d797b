import type { RaftCore } from '../core';
import type { CandidateState, ProspectiveState } from '../roles/role-state';

/**
 * Sends Vote (or, for a prospective, pre-vote) requests to the voters that are due: never asked
 * or whose last request timed out. A pre-vote names the epoch the node would campaign in.
 */
export function sendVoteRequests(core: RaftCore, st: ProspectiveState | CandidateState): void {
  const preVote = st.role === 'prospective';
  for (const to of st.requests.due(core.now, core.config.requestTimeoutTicks)) {
    if (st.tally.hasAnswered(to)) continue;
    const requestId = core.request({
      type: 'VoteRequest',
      to,
      candidateEpoch: preVote ? core.epoch + 1 : core.epoch,
      candidateId: core.id,
      lastOffsetEpoch: core.log.lastEpoch(),
      lastOffset: core.log.endOffset(),
      preVote,
    });
    st.requests.sent(to, requestId, core.now);
  }
}
