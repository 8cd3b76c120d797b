import { ErrorCode } from '@orderlab/kafka-protocol';

/**
 * A failed write to __consumer_offsets surfaces as an append error (the partition moved,
 * too few replicas, batch too large...). Clients cannot act on those; Kafka translates them
 * into coordinator errors that make the client look the coordinator up again and retry
 * (GroupMetadataManager.storeGroup / storeOffsets). Codes the port already speaks in
 * (NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, ...) pass through.
 */
function coordinatorError(errorCode: number): number | undefined {
  switch (errorCode) {
    case ErrorCode.UNKNOWN_TOPIC_OR_PARTITION:
    case ErrorCode.NOT_ENOUGH_REPLICAS:
    case ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND:
    case ErrorCode.REQUEST_TIMED_OUT:
      return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    case ErrorCode.NOT_LEADER_OR_FOLLOWER:
    case ErrorCode.KAFKA_STORAGE_ERROR:
      return ErrorCode.NOT_COORDINATOR;
    default:
      return undefined;
  }
}

const tooLarge = (errorCode: number): boolean =>
  errorCode === ErrorCode.MESSAGE_TOO_LARGE || errorCode === ErrorCode.RECORD_LIST_TOO_LARGE || errorCode === ErrorCode.INVALID_FETCH_SIZE;

/** Error for a SyncGroup / static-member join whose group metadata could not be written. */
export function groupStoreError(errorCode: number): number {
  if (tooLarge(errorCode)) return ErrorCode.UNKNOWN_SERVER_ERROR;
  return coordinatorError(errorCode) ?? errorCode;
}

/** Error for the partitions of an OffsetCommit whose records could not be written. */
export function offsetStoreError(errorCode: number): number {
  if (tooLarge(errorCode)) return ErrorCode.INVALID_COMMIT_OFFSET_SIZE;
  return coordinatorError(errorCode) ?? errorCode;
}
