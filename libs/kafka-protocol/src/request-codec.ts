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

/**
 * Request header version a server expects for an API key it reads off the wire: v2 exactly when
 * the request body is flexible. Unknown keys and versions read as v1; the dispatcher rejects them.
 */
export function requestHeaderVersion(apiKey: number, apiVersion: number): 1 | 2 {
  const s = apiSchemas.get(apiKey);
  return s && supportsVersion(s.request, apiVersion) ? requestHeaderVersionOf(s.request, apiVersion) : 1;
}

/** Request header version for a schema: v2 exactly when its body is flexible in `version`. */
export function requestHeaderVersionOf(spec: MessageSpec, version: number): 1 | 2 {
  return isFlexible(spec, version) ? 2 : 1;
}

/** Response header version for a schema: v1 when its body is flexible, v0 always for ApiVersions (KIP-511). */
export function responseHeaderVersionOf(spec: MessageSpec, version: number): 0 | 1 {
  return spec.apiKey !== ApiKey.ApiVersions && isFlexible(spec, version) ? 1 : 0;
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
  writeRequestHeader(w, { apiKey: spec.apiKey, apiVersion: version, correlationId, clientId }, requestHeaderVersionOf(spec, version));
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
  writeResponseHeader(w, correlationId, responseHeaderVersionOf(spec, version));
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
  const correlationId = readResponseHeader(r, responseHeaderVersionOf(spec, version));
  return { correlationId, body: decodeMessage(spec, version, r) };
}
