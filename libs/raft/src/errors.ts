import { CodedError } from '@orderlab/shared';

/** The Kafka error codes KRaft's Raft RPCs carry (Errors.java), so drivers map them 1:1 to the wire. */
export const RaftErrorCode = {
  NONE: 0,
  OFFSET_OUT_OF_RANGE: 1,
  NOT_LEADER_OR_FOLLOWER: 6,
  INVALID_REQUEST: 42,
  FENCED_LEADER_EPOCH: 74,
  UNKNOWN_LEADER_EPOCH: 75,
  INCONSISTENT_VOTER_SET: 94,
  SNAPSHOT_NOT_FOUND: 98,
  POSITION_OUT_OF_RANGE: 99,
} as const;
export type RaftErrorCode = (typeof RaftErrorCode)[keyof typeof RaftErrorCode];

export type RaftUsageErrorCode =
  | 'INVALID_CONFIG'
  | 'READY_PENDING'
  | 'NO_READY_PENDING'
  | 'STORAGE_ERROR'
  | 'INVALID_APPEND';

/**
 * Thrown only for driver bugs (calling the API out of order, a storage that breaks its own
 * contract). Messages from the network never throw: bad ones are answered or dropped.
 */
export class RaftUsageError extends CodedError<RaftUsageErrorCode> {}
