import type { LogBatch, SnapshotId } from './types';

/**
 * Raft messages, field for field KRaft's RPCs (Vote, BeginQuorumEpoch, EndQuorumEpoch, Fetch,
 * FetchSnapshot) for the single `__cluster_metadata-0` partition, flattened: the driver maps each
 * one to its Kafka wire message and back. Differences a driver must know:
 * - `from`/`to` are node ids; `requestId` is ours — the driver keeps a map from it to the wire
 *   correlation id, and a response echoes its request's `requestId`.
 * - Fetch's MaxWaitMs is `maxWaitTicks` here (the core counts ticks; the driver multiplies).
 * - Optional structs (`divergingEpoch`, `snapshotId` in a FetchResponse) are absent where Kafka
 *   sends its -1 defaults.
 * - Epoch/leader fields use -1 (NO_REPLICA) for "unknown", as on the wire.
 */
interface Envelope {
  readonly from: number;
  readonly to: number;
  readonly requestId: number;
}

export interface LeaderIdAndEpoch {
  readonly leaderId: number;
  readonly leaderEpoch: number;
}

/** Vote (api key 52). With preVote (KIP-996) nothing changes on the voter; candidateEpoch is the epoch the prospective would campaign in. */
export interface VoteRequest extends Envelope {
  readonly type: 'VoteRequest';
  readonly candidateEpoch: number;
  readonly candidateId: number;
  readonly lastOffsetEpoch: number;
  /** The candidate's log end offset (exclusive), as in Kafka. */
  readonly lastOffset: number;
  readonly preVote: boolean;
}

export interface VoteResponse extends Envelope, LeaderIdAndEpoch {
  readonly type: 'VoteResponse';
  readonly errorCode: number;
  readonly voteGranted: boolean;
}

/** BeginQuorumEpoch (api key 53): a new leader tells the voters, since followers only pull. */
export interface BeginQuorumEpochRequest extends Envelope, LeaderIdAndEpoch {
  readonly type: 'BeginQuorumEpochRequest';
}

export interface BeginQuorumEpochResponse extends Envelope, LeaderIdAndEpoch {
  readonly type: 'BeginQuorumEpochResponse';
  readonly errorCode: number;
}

/** EndQuorumEpoch (api key 54): graceful resignation; preferredSuccessors best first. */
export interface EndQuorumEpochRequest extends Envelope, LeaderIdAndEpoch {
  readonly type: 'EndQuorumEpochRequest';
  readonly preferredSuccessors: readonly number[];
}

export interface EndQuorumEpochResponse extends Envelope, LeaderIdAndEpoch {
  readonly type: 'EndQuorumEpochResponse';
  readonly errorCode: number;
}

/** Fetch (api key 1) on the metadata partition: followers and observers pull from the leader. */
export interface FetchRequest extends Envelope {
  readonly type: 'FetchRequest';
  /** The fetching replica; a broker (observer) sends its broker id, -1 for an anonymous reader. */
  readonly replicaId: number;
  readonly currentLeaderEpoch: number;
  /** The fetcher's log end offset: it holds [logStart, fetchOffset) durably. */
  readonly fetchOffset: number;
  /** Epoch of the record at fetchOffset - 1 (0 for an empty log). */
  readonly lastFetchedEpoch: number;
  readonly logStartOffset: number;
  readonly maxWaitTicks: number;
  readonly maxBytes: number;
}

export interface DivergingEpoch {
  readonly epoch: number;
  readonly endOffset: number;
}

export interface FetchResponse extends Envelope {
  readonly type: 'FetchResponse';
  readonly errorCode: number;
  /** -1 with an error. */
  readonly highWatermark: number;
  readonly logStartOffset: number;
  /** Present when the fetcher's log diverged: truncate to min(endOffset, own end of `epoch`). */
  readonly divergingEpoch?: DivergingEpoch;
  /** Present when fetchOffset is below the leader's log start: fetch this snapshot. */
  readonly snapshotId?: SnapshotId;
  readonly currentLeader: LeaderIdAndEpoch;
  readonly records: readonly LogBatch[];
}

/** FetchSnapshot (api key 59): chunked, by byte position. */
export interface FetchSnapshotRequest extends Envelope {
  readonly type: 'FetchSnapshotRequest';
  readonly replicaId: number;
  readonly currentLeaderEpoch: number;
  readonly snapshotId: SnapshotId;
  readonly position: number;
  readonly maxBytes: number;
}

export interface FetchSnapshotResponse extends Envelope {
  readonly type: 'FetchSnapshotResponse';
  readonly errorCode: number;
  readonly snapshotId: SnapshotId;
  readonly currentLeader: LeaderIdAndEpoch;
  /** Total snapshot size in bytes. */
  readonly size: number;
  readonly position: number;
  readonly unalignedRecords: Buffer;
}

export type RaftRequest = VoteRequest | BeginQuorumEpochRequest | EndQuorumEpochRequest | FetchRequest | FetchSnapshotRequest;
export type RaftResponse = VoteResponse | BeginQuorumEpochResponse | EndQuorumEpochResponse | FetchResponse | FetchSnapshotResponse;
export type RaftMessage = RaftRequest | RaftResponse;
export type RaftMessageType = RaftMessage['type'];
export type MessageOf<T extends RaftMessageType> = Extract<RaftMessage, { type: T }>;

const RESPONSE_TYPES: ReadonlySet<RaftMessageType> = new Set([
  'VoteResponse',
  'BeginQuorumEpochResponse',
  'EndQuorumEpochResponse',
  'FetchResponse',
  'FetchSnapshotResponse',
]);

export function isResponse(m: RaftMessage): m is RaftResponse {
  return RESPONSE_TYPES.has(m.type);
}

/** The leader and epoch a response names (every response carries one). */
export function responseLeader(m: RaftResponse): LeaderIdAndEpoch {
  return m.type === 'FetchResponse' || m.type === 'FetchSnapshotResponse' ? m.currentLeader : m;
}
