import type { MessageInput, MessageOf, MessageSpec } from '@orderlab/kafka-protocol';
import { silentLogger, type Logger } from '@orderlab/shared';
import { DEFAULT_BACKOFF, reconnectDelayMs, type BackoffPolicy } from './backoff';
import { KafkaConnection, type ApiPair, type RequestOptions } from './kafka-connection';
import { NetError } from './net-error';

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

export interface NodeChannelsOptions {
  readonly clientId?: string | null;
  readonly connectTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  readonly maxResponseBytes?: number;
  readonly backoff?: BackoffPolicy;
  readonly random?: () => number;
  readonly now?: () => number;
  readonly logger?: Logger;
}

interface Channel {
  readonly endpoint: Endpoint;
  conn: KafkaConnection | null;
  connecting: Promise<KafkaConnection> | null;
  /** Failed connects and unexpected closes since the last successful connect. */
  failures: number;
  retryAtMs: number;
}

/**
 * Connections to other nodes by node id: callers send to "node 3" and the pool connects on first
 * use, reconnects after the connection breaks, and backs off (capped exponential, jittered) while
 * a node keeps failing: during the backoff requests fail fast with NET.BACKOFF. Changing a node's
 * endpoint closes its connection so the next request goes to the new address.
 */
export class NodeChannels {
  private readonly endpoints = new Map<number, Endpoint>();
  private readonly channels = new Map<number, Channel>();
  private readonly closing = new WeakSet<KafkaConnection>();
  private readonly backoff: BackoffPolicy;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly logger: Logger;

  constructor(private readonly options: NodeChannelsOptions = {}) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
  }

  setEndpoint(nodeId: number, endpoint: Endpoint): void {
    const known = this.endpoints.get(nodeId);
    if (known && known.host === endpoint.host && known.port === endpoint.port) return;
    this.endpoints.set(nodeId, { host: endpoint.host, port: endpoint.port });
    this.dropChannel(nodeId);
  }

  removeNode(nodeId: number): void {
    this.endpoints.delete(nodeId);
    this.dropChannel(nodeId);
  }

  async request<Req extends MessageSpec, Res extends MessageSpec>(nodeId: number, api: ApiPair<Req, Res>, version: number, body: MessageInput<Req>, options: RequestOptions = {}): Promise<MessageOf<Res>> {
    const conn = await this.connection(nodeId);
    return conn.request(api, version, body, options);
  }

  /** The open connection to a node, connecting first if there is none. */
  connection(nodeId: number): Promise<KafkaConnection> {
    const endpoint = this.endpoints.get(nodeId);
    if (!endpoint) return Promise.reject(new NetError('NET.UNKNOWN_NODE', `no endpoint known for node ${nodeId}`));
    let ch = this.channels.get(nodeId);
    if (!ch) {
      ch = { endpoint, conn: null, connecting: null, failures: 0, retryAtMs: 0 };
      this.channels.set(nodeId, ch);
    }
    if (ch.conn && !ch.conn.isClosed) return Promise.resolve(ch.conn);
    if (ch.connecting) return ch.connecting;
    const waitMs = ch.retryAtMs - this.now();
    if (waitMs > 0) return Promise.reject(new NetError('NET.BACKOFF', `node ${nodeId} (${addressOf(endpoint)}) failed ${ch.failures} time(s); next attempt in ${waitMs} ms`));
    ch.connecting = this.open(nodeId, ch);
    return ch.connecting;
  }

  close(): void {
    for (const nodeId of [...this.channels.keys()]) this.dropChannel(nodeId);
  }

  private async open(nodeId: number, ch: Channel): Promise<KafkaConnection> {
    try {
      const conn = await KafkaConnection.connect({ ...ch.endpoint, ...this.connectionOptions() });
      if (this.channels.get(nodeId) !== ch) {
        conn.close();
        throw new NetError('NET.CLOSED', `node ${nodeId} was removed or moved while connecting`);
      }
      ch.conn = conn;
      ch.failures = 0;
      void conn.closed.then((reason) => this.onClosed(nodeId, ch, conn, reason));
      return conn;
    } catch (e) {
      if (this.channels.get(nodeId) === ch) this.recordFailure(nodeId, ch, (e as Error).message);
      throw e;
    } finally {
      ch.connecting = null;
    }
  }

  private onClosed(nodeId: number, ch: Channel, conn: KafkaConnection, reason: NetError): void {
    if (ch.conn === conn) ch.conn = null;
    if (this.closing.has(conn) || this.channels.get(nodeId) !== ch) return;
    this.recordFailure(nodeId, ch, reason.message);
  }

  private recordFailure(nodeId: number, ch: Channel, reason: string): void {
    ch.failures++;
    const delayMs = reconnectDelayMs(ch.failures, this.backoff, this.random());
    ch.retryAtMs = this.now() + delayMs;
    this.logger.warn({ nodeId, endpoint: addressOf(ch.endpoint), failures: ch.failures, retryInMs: delayMs, reason }, 'connection to node failed');
  }

  private dropChannel(nodeId: number): void {
    const ch = this.channels.get(nodeId);
    if (!ch) return;
    this.channels.delete(nodeId);
    if (ch.conn) {
      this.closing.add(ch.conn);
      ch.conn.close();
    }
  }

  private connectionOptions() {
    const o = this.options;
    return { clientId: o.clientId ?? null, connectTimeoutMs: o.connectTimeoutMs, requestTimeoutMs: o.requestTimeoutMs, maxResponseBytes: o.maxResponseBytes, logger: this.logger };
  }
}

function addressOf(e: Endpoint): string {
  return `${e.host}:${e.port}`;
}
