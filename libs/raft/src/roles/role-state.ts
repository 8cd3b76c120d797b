import type { FetchRequest } from '../messages';
import type { VoteTally } from '../quorum/majority';
import type { ReplicaTracker } from '../tracker/replica-tracker';
import type { RequestTracker } from '../tracker/request-tracker';
import type { SnapshotId } from '../types';

/** Per-role volatile state; one owner (RaftCore.state), replaced wholesale on every transition. */
export type RoleState = UnattachedState | FollowerState | ProspectiveState | CandidateState | LeaderState | ResignedState;

/** Knows the epoch but no leader; may have voted in it. */
export interface UnattachedState {
  readonly role: 'unattached';
  electionDeadline: number;
}

export interface SnapshotFetch {
  readonly id: SnapshotId;
  position: number;
  readonly chunks: Buffer[];
}

/** Pulls from the leader; starts an election when fetches stop succeeding. */
export interface FollowerState {
  readonly role: 'follower';
  readonly leaderId: number;
  fetchDeadline: number;
  /** A fetch succeeded in this state: such a follower refuses pre-votes (KIP-996). */
  hasFetched: boolean;
  inflight: { readonly requestId: number; readonly sentAt: number } | undefined;
  nextFetchAt: number;
  snapshotFetch: SnapshotFetch | undefined;
}

/** Asks for pre-votes in its current epoch; changes nothing durable (KIP-996). */
export interface ProspectiveState {
  readonly role: 'prospective';
  electionDeadline: number;
  readonly tally: VoteTally;
  readonly requests: RequestTracker;
  /** The leader it followed, to return to if the pre-vote fails. */
  readonly retainedLeaderId: number;
}

/** Bumped the epoch and voted for itself; asks for binding votes. */
export interface CandidateState {
  readonly role: 'candidate';
  electionDeadline: number;
  readonly tally: VoteTally;
  readonly requests: RequestTracker;
  /** Set once the election is lost: back to prospective at this tick. */
  backoffUntil: number | undefined;
}

export interface ParkedFetch {
  readonly request: FetchRequest;
  readonly deadline: number;
}

export interface LeaderState {
  readonly role: 'leader';
  /** Offset of this epoch's LeaderChange batch: the high watermark must pass it. */
  readonly epochStartOffset: number;
  readonly replicas: ReplicaTracker;
  /** Voters not yet known to follow this epoch (BeginQuorumEpoch is resent to them). */
  readonly beginEpoch: RequestTracker;
  /** Long-polling fetches with nothing new, by sender. */
  readonly parked: Map<number, ParkedFetch>;
  checkQuorumDeadline: number;
}

/** Led this epoch and stepped down (gracefully, by check-quorum, or on restart); tells the voters. */
export interface ResignedState {
  readonly role: 'resigned';
  electionDeadline: number;
  readonly endEpoch: RequestTracker;
  readonly preferredSuccessors: readonly number[];
}
