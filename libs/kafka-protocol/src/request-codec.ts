import { ApiKey } from './api-keys';
import { DecodeError } from './primitives/codec-errors';
import { Reader } from './primitives/reader';
import { Writer } from './primitives/writer';
import { decodeMessage, encodeMessage, isFlexible, supportsVersion } from './schema/codec';
import type { MessageInput, MessageOf, MessageSpec } from './schema/spec';
import { apiSchemas } from './messages/registry';
import {
  frame,
  readRequestHeader,
  readResponseHeader,
  skipTagBuffer,
  writeRequestHeader,
  writeResponseHeader,
  type RequestHeader,
} from './frame';

/** Request header version for an API version: v2 exactly when the request body is flexible. */
export function requestHeaderVersion(apiKey: number, apiVersion: number): 1 | 2 {
  const s = apiSchemas.get(apiKey);
  return s && supportsVersion(s.request, apiVersion) && isFlexible(s.request, apiVersion) ? 2 : 1;
}

/** Response header version: v1 when the body is flexible, except ApiVersions which always uses v0 (KIP-511). */
export function responseHeaderVersion(apiKey: number, apiVersion: number): 0 | 1 {
  if (apiKey === ApiKey.ApiVersions) return 0;
  const s = apiSchemas.get(apiKey);
  return s && supportsVersion(s.response, apiVersion) && isFlexible(s.response, apiVersion) ? 1 : 0;
}

export interface ParsedRequestHead {
  readonly header: RequestHeader;
  /** Reader positioned at the start of the body. */
  readonly body: Reader;
}

/**
 * Reads a request frame's header. Unknown API keys and unsupported versions are not
 * decided here: the broker owns that policy (close, or ApiVersions' v0 error reply).
 */
export function readRequestHead(frameBytes: Buffer): ParsedRequestHead {
  const r = new Reader(frameBytes);
  const header = readRequestHeader(r);
  if (requestHeaderVersion(header.apiKey, header.apiVersion) === 2) skipTagBuffer(r);
  return { header, body: r };
}

export function decodeRequestBody<M extends MessageSpec>(spec: M, version: number, body: Reader): MessageOf<M> {
  if (!supportsVersion(spec, version)) {
    throw new DecodeError('DECODE.UNSUPPORTED_VERSION', `${spec.name} v${version} is not supported`);
  }
  return decodeMessage(spec, version, body);
}

/** Encode a whole request frame (size prefix included); used by clients, tests and benchmarks. */
export function encodeRequest<M extends MessageSpec>(
  spec: M,
  version: number,
  correlationId: number,
  clientId: string | null,
  body: MessageOf<M> | Partial<MessageOf<M>> | MessageInput<M>,
): Buffer {
  const w = new Writer(128);
  writeRequestHeader(w, { apiKey: spec.apiKey, apiVersion: version, correlationId, clientId }, requestHeaderVersion(spec.apiKey, version));
  encodeMessage(spec, version, body, w);
  return Buffer.concat(frame(w.chunks()));
}

/** Encode a whole response frame as pieces (size prefix first); large record sets are not copied. */
export function encodeResponse<M extends MessageSpec>(
  spec: M,
  version: number,
  correlationId: number,
  body: MessageOf<M> | Partial<MessageOf<M>> | MessageInput<M>,
): Buffer[] {
  const w = new Writer(256);
  writeResponseHeader(w, correlationId, responseHeaderVersion(spec.apiKey, version));
  encodeMessage(spec, version, body, w);
  return frame(w.chunks());
}

/** Decode a response frame (without its size prefix). */
export function decodeResponse<M extends MessageSpec>(
  spec: M,
  version: number,
  frameBytes: Buffer,
): { correlationId: number; body: MessageOf<M> } {
  const r = new Reader(frameBytes);
  const correlationId = readResponseHeader(r, responseHeaderVersion(spec.apiKey, version));
  return { correlationId, body: decodeMessage(spec, version, r) };
}
