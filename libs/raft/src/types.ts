/** Kafka's sentinel for "no replica" in LeaderId / VotedId / ReplicaId fields. */
export const NO_REPLICA = -1;

/** The six roles, spelled as the controller's GET /quorum shows them. */
export type RaftRole = 'leader' | 'follower' | 'candidate' | 'prospective' | 'unattached' | 'resigned';

/**
 * A batch of records appended atomically with one epoch. Offsets are Kafka's: one per record,
 * so the batch occupies [baseOffset, baseOffset + records.length). Record buffers are never
 * mutated by the core; drivers may share them.
 */
export interface LogBatch {
  readonly baseOffset: number;
  readonly epoch: number;
  readonly records: readonly Buffer[];
  /** True for the LeaderChange control batch a new leader appends (one record, see leader-change.ts). */
  readonly control: boolean;
}

/** Identifies a snapshot: it holds the state after applying every record below endOffset. */
export interface SnapshotId {
  readonly endOffset: number;
  /** Epoch of the record at endOffset - 1 (Kafka's snapshot id epoch). */
  readonly epoch: number;
}

export interface Snapshot extends SnapshotId {
  readonly bytes: Buffer;
}

/** What must be durable before any message of the same Ready is sent (Kafka's quorum-state file). */
export interface HardState {
  readonly epoch: number;
  /** NO_REPLICA when this node has not voted in `epoch`. */
  readonly votedId: number;
  /** NO_REPLICA when no leader of `epoch` is known. */
  readonly leaderId: number;
}

export const INITIAL_HARD_STATE: HardState = { epoch: 0, votedId: NO_REPLICA, leaderId: NO_REPLICA };

export function sameHardState(a: HardState, b: HardState): boolean {
  return a.epoch === b.epoch && a.votedId === b.votedId && a.leaderId === b.leaderId;
}
