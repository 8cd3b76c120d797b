import type { RaftCore } from './core';
import { encodeLeaderChange } from './log/leader-change';
import { sendFetch } from './outbound/fetch-requests';
import { answerParkedFetchesAfterStepDown } from './outbound/leader-fetch';
import { sendBeginQuorumEpoch, sendEndQuorumEpoch } from './outbound/quorum-epoch-requests';
import { sendVoteRequests } from './outbound/vote-requests';
import { VoteTally } from './quorum/majority';
import type { FollowerState, ProspectiveState, RoleState } from './roles/role-state';
import { ReplicaTracker } from './tracker/replica-tracker';
import { RequestTracker } from './tracker/request-tracker';
import { NO_REPLICA } from './types';

/** KRaft's check-quorum window: 1.5 × the fetch timeout. */
export const checkQuorumTicks = (core: RaftCore): number => Math.floor(core.config.fetchTimeoutTicks * 1.5);

function transition(core: RaftCore, next: RoleState): void {
  const previous = core.state as RoleState | undefined;
  core.state = next;
  if (previous?.role === 'leader') answerParkedFetchesAfterStepDown(core, previous);
  if (previous?.role !== next.role) {
    core.logger.info({ nodeId: core.id, from: previous?.role, to: next.role, epoch: core.epoch, leaderId: core.leaderId }, 'raft role change');
  }
}

/** Moving to a higher epoch forgets the vote; the same epoch keeps it. */
function enterEpoch(core: RaftCore, epoch: number): void {
  if (epoch > core.epoch) {
    core.epoch = epoch;
    core.votedId = NO_REPLICA;
  }
}

/** Knows `epoch` (≥ the current one) but not its leader. */
export function becomeUnattached(core: RaftCore, epoch: number, electionDeadline?: number): void {
  enterEpoch(core, epoch);
  core.leaderId = NO_REPLICA;
  transition(core, { role: 'unattached', electionDeadline: electionDeadline ?? core.now + core.randomElectionTimeout() });
}

export function becomeFollower(core: RaftCore, epoch: number, leaderId: number): void {
  enterEpoch(core, epoch);
  core.leaderId = leaderId;
  const st: FollowerState = {
    role: 'follower',
    leaderId,
    fetchDeadline: core.now + core.config.fetchTimeoutTicks,
    hasFetched: false,
    inflight: undefined,
    nextFetchAt: core.now,
    snapshotFetch: undefined,
  };
  transition(core, st);
  sendFetch(core, st);
}

/** Pre-vote (KIP-996): nothing durable changes until a majority says an election could win. */
export function becomeProspective(core: RaftCore): void {
  const from = core.state;
  const retainedLeaderId = from.role === 'follower' ? from.leaderId : NO_REPLICA;
  if (from.role === 'resigned') core.leaderId = NO_REPLICA;
  const tally = new VoteTally(core.voterSet);
  tally.record(core.id, true);
  const st: ProspectiveState = {
    role: 'prospective',
    electionDeadline: core.now + core.randomElectionTimeout(),
    tally,
    requests: new RequestTracker(core.otherVoters),
    retainedLeaderId,
  };
  transition(core, st);
  if (tally.outcome() === 'won') becomeCandidate(core);
  else sendVoteRequests(core, st);
}

/** The pre-vote failed: back to the leader it followed, or to waiting. */
export function retreatFromProspective(core: RaftCore, st: ProspectiveState): void {
  if (st.retainedLeaderId !== NO_REPLICA) becomeFollower(core, core.epoch, st.retainedLeaderId);
  else becomeUnattached(core, core.epoch);
}

export function becomeCandidate(core: RaftCore): void {
  core.epoch += 1;
  core.votedId = core.id;
  core.leaderId = NO_REPLICA;
  const tally = new VoteTally(core.voterSet);
  tally.record(core.id, true);
  const st = {
    role: 'candidate' as const,
    electionDeadline: core.now + core.randomElectionTimeout(),
    tally,
    requests: new RequestTracker(core.otherVoters),
    backoffUntil: undefined,
  };
  transition(core, st);
  if (tally.outcome() === 'won') becomeLeader(core, tally.grantingVoters());
  else sendVoteRequests(core, st);
}

/** Won the election: append LeaderChange at the epoch start and tell the voters. */
export function becomeLeader(core: RaftCore, grantingVoters: readonly number[]): void {
  core.leaderId = core.id;
  const epochStartOffset = core.log.endOffset();
  const st = {
    role: 'leader' as const,
    epochStartOffset,
    replicas: new ReplicaTracker(core.id, core.voters),
    beginEpoch: new RequestTracker(core.otherVoters),
    parked: new Map(),
    checkQuorumDeadline: core.now + checkQuorumTicks(core),
  };
  transition(core, st);
  const record = encodeLeaderChange({ leaderId: core.id, voters: core.voters, grantingVoters });
  core.log.append({ baseOffset: epochStartOffset, epoch: core.epoch, records: [record], control: true });
  st.replicas.updateLeader(core.log.persistedEndOffset(), core.now);
  sendBeginQuorumEpoch(core, st);
}

/** Stops leading this epoch (gracefully, by check-quorum, or after a restart) and says so. */
export function becomeResigned(core: RaftCore, preferredSuccessors: readonly number[]): void {
  const st = {
    role: 'resigned' as const,
    electionDeadline: core.now + core.randomElectionTimeout(),
    endEpoch: new RequestTracker(core.otherVoters),
    preferredSuccessors,
  };
  transition(core, st);
  sendEndQuorumEpoch(core, st);
}

/** The role a node starts in, from its persisted hard state and log (Kafka's QuorumState.initialize). */
export function startUp(core: RaftCore): void {
  const logEpoch = core.log.lastEpoch();
  if (logEpoch > core.epoch) {
    core.logger.warn({ nodeId: core.id, stateEpoch: core.epoch, logEpoch }, 'persisted epoch is behind the log; starting unattached in the log epoch');
    core.epoch = logEpoch;
    core.votedId = NO_REPLICA;
    core.leaderId = NO_REPLICA;
  }
  if (core.voters.length === 1) return becomeCandidate(core);
  // A restarted leader must not lead again in the same epoch: it may have lost unflushed
  // records, and (offset, epoch) must keep naming one record.
  if (core.leaderId === core.id) return becomeResigned(core, []);
  if (core.leaderId !== NO_REPLICA && core.isVoter(core.leaderId)) return becomeFollower(core, core.epoch, core.leaderId);
  becomeUnattached(core, core.epoch);
}
