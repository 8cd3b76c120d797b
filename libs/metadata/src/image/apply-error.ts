import { CodedError } from '@orderlab/shared';

export type MetadataApplyErrorCode =
  | 'APPLY.OFFSET_NOT_INCREASING'
  | 'APPLY.UNKNOWN_BROKER'
  | 'APPLY.BROKER_EPOCH_MISMATCH'
  | 'APPLY.TOPIC_EXISTS'
  | 'APPLY.UNKNOWN_TOPIC'
  | 'APPLY.UNKNOWN_PARTITION'
  | 'APPLY.INVALID_PARTITION'
  | 'APPLY.PRODUCER_ID_NOT_INCREASING'
  | 'APPLY.UNSUPPORTED_CONFIG_RESOURCE';

/**
 * A record that does not fit the image it is applied to. The active controller validates every
 * record before appending it, so in a healthy cluster this never happens; when it does the log
 * or the replay is broken and the caller must stop applying (Kafka treats it as a fault too).
 * The image passed in is left untouched.
 */
export class MetadataApplyError extends CodedError<MetadataApplyErrorCode> {}
