import type { MessageInput, MessageOf, MessageSpec } from '@orderlab/kafka-protocol';

export interface RequestContext {
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
  readonly clientHost: string;
  readonly connectionId: number;
}

/** A handler may answer, answer nothing (acks=0 produce), or ask for the connection to be closed. */
export const NO_RESPONSE = Symbol('no-response');
export const CLOSE_CONNECTION = Symbol('close-connection');
export type HandlerOutcome<R> = R | typeof NO_RESPONSE | typeof CLOSE_CONNECTION;

/**
 * One Kafka API: its schemas and the versions it serves. ApiVersions is built from the
 * list of handlers, so a key is advertised exactly when a handler exists for it.
 */
export interface ApiHandler<Req extends MessageSpec = MessageSpec, Res extends MessageSpec = MessageSpec> {
  readonly request: Req;
  readonly response: Res;
  readonly minVersion: number;
  readonly maxVersion: number;
  /** The answer may leave out fields: the encoder fills Kafka's defaults for them. */
  handle(request: MessageOf<Req>, ctx: RequestContext): HandlerOutcome<MessageInput<Res>> | Promise<HandlerOutcome<MessageInput<Res>>>;
}

/** Helps TypeScript infer a handler's message types from its schemas. */
export function defineHandler<Req extends MessageSpec, Res extends MessageSpec>(h: ApiHandler<Req, Res>): ApiHandler<Req, Res> {
  return h;
}

export type AnyHandler = ApiHandler<MessageSpec, MessageSpec>;
