import { CodedError } from '@orderlab/shared';

/**
 * Every way a request on the wire can fail without a Kafka error code:
 * - NET.CONNECT_FAILED: the TCP connection could not be opened (refused, unreachable, connect timeout);
 * - NET.BACKOFF: the node failed recently and is not retried before its backoff ends;
 * - NET.UNKNOWN_NODE: no endpoint is known for the node id;
 * - NET.TIMEOUT: no response within the request's timeout (the connection stays open);
 * - NET.CLOSED: the connection closed or broke with the request in flight, or was closed by us;
 * - NET.FRAME_TOO_LARGE: the peer sent a response frame above our limit (the connection is closed);
 * - NET.BAD_RESPONSE: a response that does not decode, or answers no request we sent (closed too);
 * - NET.UNSUPPORTED_VERSION: the peer supports no version of an API that we do.
 * CLOSED, TIMEOUT, CONNECT_FAILED and BACKOFF are transient: retry, possibly on another node.
 */
export type NetErrorCode =
  | 'NET.CONNECT_FAILED'
  | 'NET.BACKOFF'
  | 'NET.UNKNOWN_NODE'
  | 'NET.TIMEOUT'
  | 'NET.CLOSED'
  | 'NET.FRAME_TOO_LARGE'
  | 'NET.BAD_RESPONSE'
  | 'NET.UNSUPPORTED_VERSION';

export class NetError extends CodedError<NetErrorCode> {}

const TRANSIENT: ReadonlySet<NetErrorCode> = new Set(['NET.CONNECT_FAILED', 'NET.BACKOFF', 'NET.TIMEOUT', 'NET.CLOSED']);

export function isTransientNetError(e: unknown): e is NetError {
  return e instanceof NetError && TRANSIENT.has(e.code);
}
