import {
  ApiKey,
  ApiVersionsResponse,
  DecodeError,
  ErrorCode,
  apiKeyName,
  decodeRequestBody,
  encodeMessage,
  encodeResponse,
  frame,
  readRequestHead,
  writeResponseHeader,
  Writer,
  type MessageOf,
} from '@orderlab/kafka-protocol';
import type { Logger } from '@orderlab/shared';
import { CLOSE_CONNECTION, NO_RESPONSE, type AnyHandler, type RequestContext } from './handler';

/** What the connection does with one request frame. */
export type Dispatch =
  | { readonly kind: 'respond'; readonly pieces: Buffer[] }
  | { readonly kind: 'silent' }
  | { readonly kind: 'close'; readonly reason: string };

export interface ConnectionInfo {
  readonly connectionId: number;
  readonly clientHost: string;
}

/**
 * Routes request frames to handlers. Kafka's rules: an unknown API key or an unsupported
 * version closes the connection, except ApiVersions, which answers UNSUPPORTED_VERSION
 * with a v0 body listing its own range so the client can retry (kafka-protocol.md §1.5).
 */
export class Dispatcher {
  private readonly handlers = new Map<number, AnyHandler>();

  constructor(
    handlers: readonly AnyHandler[],
    private readonly logger: Logger,
  ) {
    for (const h of handlers) this.handlers.set(h.request.apiKey, h);
  }

  async dispatch(frameBytes: Buffer, conn: ConnectionInfo): Promise<Dispatch> {
    let head: ReturnType<typeof readRequestHead>;
    try {
      head = readRequestHead(frameBytes);
    } catch (e) {
      return { kind: 'close', reason: `malformed request header: ${(e as Error).message}` };
    }
    const { header } = head;
    const handler = this.handlers.get(header.apiKey);
    if (!handler) return { kind: 'close', reason: `unknown API key ${header.apiKey}` };
    if (header.apiVersion < handler.minVersion || header.apiVersion > handler.maxVersion) {
      if (header.apiKey === ApiKey.ApiVersions) return this.unsupportedApiVersions(header.correlationId);
      return { kind: 'close', reason: `${apiKeyName(header.apiKey)} v${header.apiVersion} is not supported` };
    }
    let request: MessageOf<typeof handler.request>;
    try {
      request = decodeRequestBody(handler.request, header.apiVersion, head.body);
    } catch (e) {
      if (e instanceof DecodeError) return { kind: 'close', reason: `malformed ${apiKeyName(header.apiKey)} v${header.apiVersion}: ${e.message}` };
      throw e;
    }
    const ctx: RequestContext = { ...conn, apiVersion: header.apiVersion, correlationId: header.correlationId, clientId: header.clientId };
    return this.run(handler, request, ctx);
  }

  private async run(handler: AnyHandler, request: MessageOf<AnyHandler['request']>, ctx: RequestContext): Promise<Dispatch> {
    try {
      const outcome = await handler.handle(request, ctx);
      if (outcome === NO_RESPONSE) return { kind: 'silent' };
      if (outcome === CLOSE_CONNECTION) return { kind: 'close', reason: `${apiKeyName(handler.request.apiKey)} asked to close the connection` };
      return { kind: 'respond', pieces: encodeResponse(handler.response, ctx.apiVersion, ctx.correlationId, outcome) };
    } catch (e) {
      // A handler bug must not take the broker down: log it and drop this connection only.
      this.logger.error({ err: e, api: apiKeyName(handler.request.apiKey), version: ctx.apiVersion }, 'handler failed');
      return { kind: 'close', reason: 'internal error while handling the request' };
    }
  }

  /** Kafka's answer to an ApiVersions version it does not know: header v0 + a v0 body with error 35. */
  private unsupportedApiVersions(correlationId: number): Dispatch {
    const own = this.handlers.get(ApiKey.ApiVersions) as AnyHandler;
    const w = writeResponseHeader(new Writer(64), correlationId, 0);
    encodeMessage(ApiVersionsResponse, 0, {
      errorCode: ErrorCode.UNSUPPORTED_VERSION,
      apiKeys: [{ apiKey: ApiKey.ApiVersions, minVersion: own.minVersion, maxVersion: own.maxVersion }],
      throttleTimeMs: 0,
    }, w);
    return { kind: 'respond', pieces: frame(w.chunks()) };
  }
}
