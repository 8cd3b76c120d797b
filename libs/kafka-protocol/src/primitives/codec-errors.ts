import { CodedError } from '@orderlab/shared';

export type DecodeErrorCode =
  | 'DECODE.TRUNCATED'
  | 'DECODE.NEGATIVE_LENGTH'
  | 'DECODE.LENGTH_TOO_LARGE'
  | 'DECODE.VARINT_TOO_LONG'
  | 'DECODE.NULL_NOT_ALLOWED'
  | 'DECODE.TRAILING_BYTES'
  | 'DECODE.UNSUPPORTED_VERSION'
  | 'DECODE.UNKNOWN_API'
  | 'DECODE.INVALID_VALUE';

/** Every failure to read bytes is one of these; nothing else escapes a decoder. */
export class DecodeError extends CodedError<DecodeErrorCode> {}

export type EncodeErrorCode = 'ENCODE.NULL_NOT_ALLOWED' | 'ENCODE.INVALID_VALUE' | 'ENCODE.UNSUPPORTED_VERSION';

/** A programming error on our side: a value does not fit the schema it is encoded with. */
export class EncodeError extends CodedError<EncodeErrorCode> {}
