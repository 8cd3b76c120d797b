import { connect, type Socket } from 'node:net';
import {
  DEFAULT_MAX_FRAME_BYTES,
  DecodeError,
  FrameSplitter,
  Reader,
  decodeMessage,
  encodeRequest,
  readResponseHeader,
  responseHeaderVersionOf,
  type MessageInput,
  type MessageOf,
  type MessageSpec,
} from '@orderlab/kafka-protocol';
import { silentLogger, type Logger } from '@orderlab/shared';
import { NetError } from './net-error';

/** A request schema and its response schema, as the registries and handlers pair them. */
export interface ApiPair<Req extends MessageSpec = MessageSpec, Res extends MessageSpec = MessageSpec> {
  readonly request: Req;
  readonly response: Res;
}

export interface ConnectOptions {
  readonly host: string;
  readonly port: number;
  /** Kafka's socket.connection.setup.timeout.ms is 10 s. */
  readonly connectTimeoutMs?: number;
  readonly clientId?: string | null;
  /** Largest response frame accepted; a bigger one closes the connection (NET.FRAME_TOO_LARGE). */
  readonly maxResponseBytes?: number;
  /** Used when a request names no timeout; Kafka's request.timeout.ms is 30 s. */
  readonly requestTimeoutMs?: number;
  readonly logger?: Logger;
}

export interface RequestOptions {
  readonly timeoutMs?: number;
}

interface InFlight {
  resolve(frame: Buffer): void;
  reject(e: Error): void;
  readonly timer: NodeJS.Timeout;
}

const CORRELATION_MASK = 0x7fffffff;

/**
 * One client connection to a Kafka-protocol server (a broker or a controller). Requests are
 * pipelined: each gets the next correlation id and is written at once; responses are matched
 * by correlation id, so completion order does not matter. A request that times out is rejected
 * with NET.TIMEOUT and its late response, if any, is dropped; the connection stays open. When the
 * socket closes or breaks, or the peer sends a frame we cannot accept, every request in flight
 * is rejected with the same NetError and the connection is finished for good.
 */
export class KafkaConnection {
  private readonly splitter: FrameSplitter;
  private readonly inFlight = new Map<number, InFlight>();
  /** Correlation ids of timed-out requests whose responses may still arrive. */
  private readonly abandoned = new Set<number>();
  private nextCorrelationId = 1;
  private failure: NetError | null = null;
  private markClosed: (e: NetError) => void = () => undefined;
  /** Settles once, when the connection ends, with the reason. */
  readonly closed: Promise<NetError>;

  private constructor(
    private readonly socket: Socket,
    readonly address: string,
    private readonly clientId: string | null,
    private readonly requestTimeoutMs: number,
    maxResponseBytes: number,
    private readonly logger: Logger,
  ) {
    this.splitter = new FrameSplitter(maxResponseBytes);
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(new NetError('NET.CLOSED', `connection to ${address} broke: ${err.message}`)));
    socket.on('close', () => this.fail(new NetError('NET.CLOSED', `connection to ${address} closed by the peer`)));
  }

  static connect(options: ConnectOptions): Promise<KafkaConnection> {
    const { host, port } = options;
    const address = `${host}:${port}`;
    const timeoutMs = options.connectTimeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new NetError('NET.CONNECT_FAILED', `connecting to ${address} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(new NetError('NET.CONNECT_FAILED', `cannot connect to ${address}: ${err.message}`));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        socket.setNoDelay(true);
        const logger = options.logger ?? silentLogger;
        resolve(new KafkaConnection(socket, address, options.clientId ?? null, options.requestTimeoutMs ?? 30_000, options.maxResponseBytes ?? DEFAULT_MAX_FRAME_BYTES, logger));
      });
    });
  }

  get isClosed(): boolean {
    return this.failure !== null;
  }

  /** Requests written and not yet answered, failed or timed out. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Send a request and decode its response with the response schema of the same version. */
  async request<Req extends MessageSpec, Res extends MessageSpec>(api: ApiPair<Req, Res>, version: number, body: MessageInput<Req>, options: RequestOptions = {}): Promise<MessageOf<Res>> {
    const frame = await this.requestFrame(api.request, version, body, options);
    const r = new Reader(frame);
    try {
      readResponseHeader(r, responseHeaderVersionOf(api.response, version));
      return decodeMessage(api.response, version, r);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      const err = new NetError('NET.BAD_RESPONSE', `${api.response.name} v${version} from ${this.address} does not decode: ${e.message}`);
      this.fail(err);
      throw err;
    }
  }

  /**
   * Send a request and resolve with its whole response frame (correlation id first, size prefix
   * removed), for callers that must look at the bytes before choosing a decoder (ApiVersions).
   */
  requestFrame<Req extends MessageSpec>(spec: Req, version: number, body: MessageInput<Req>, options: RequestOptions = {}): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.takeCorrelationId();
    let bytes: Buffer;
    try {
      bytes = encodeRequest(spec, version, id, this.clientId, body);
    } catch (e) {
      return Promise.reject(e as Error);
    }
    const timeoutMs = options.timeoutMs ?? this.requestTimeoutMs;
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => this.timeOut(id, spec, version, timeoutMs), timeoutMs);
      this.inFlight.set(id, { resolve, reject, timer });
      this.socket.write(bytes);
    });
  }

  /** Send a request that gets no response (Produce with acks=0); resolves once the bytes are handed to the socket. */
  send<Req extends MessageSpec>(spec: Req, version: number, body: MessageInput<Req>): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    let bytes: Buffer;
    try {
      bytes = encodeRequest(spec, version, this.takeCorrelationId(), this.clientId, body);
    } catch (e) {
      return Promise.reject(e as Error);
    }
    return new Promise((resolve, reject) => {
      this.socket.write(bytes, (err) => (err ? reject(new NetError('NET.CLOSED', `write to ${this.address} failed: ${err.message}`)) : resolve()));
    });
  }

  close(): void {
    this.fail(new NetError('NET.CLOSED', `connection to ${this.address} closed by this client`));
  }

  private takeCorrelationId(): number {
    const id = this.nextCorrelationId;
    this.nextCorrelationId = (id + 1) & CORRELATION_MASK;
    return id;
  }

  private timeOut(id: number, spec: MessageSpec, version: number, timeoutMs: number): void {
    const pending = this.inFlight.get(id);
    if (!pending) return;
    this.inFlight.delete(id);
    this.abandoned.add(id);
    pending.reject(new NetError('NET.TIMEOUT', `${spec.name} v${version} to ${this.address} got no response within ${timeoutMs} ms`));
  }

  private onData(chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = this.splitter.push(chunk);
    } catch (e) {
      const tooLarge = e instanceof DecodeError && e.code === 'DECODE.LENGTH_TOO_LARGE';
      this.fail(new NetError(tooLarge ? 'NET.FRAME_TOO_LARGE' : 'NET.BAD_RESPONSE', `bad response frame from ${this.address}: ${(e as Error).message}`));
      return;
    }
    for (const frame of frames) this.onFrame(frame);
  }

  private onFrame(frame: Buffer): void {
    if (this.failure) return;
    if (frame.length < 4) {
      this.fail(new NetError('NET.BAD_RESPONSE', `response frame of ${frame.length} bytes from ${this.address} has no correlation id`));
      return;
    }
    const id = frame.readInt32BE(0);
    const pending = this.inFlight.get(id);
    if (pending) {
      this.inFlight.delete(id);
      clearTimeout(pending.timer);
      pending.resolve(frame);
    } else if (!this.abandoned.delete(id)) {
      this.fail(new NetError('NET.BAD_RESPONSE', `response from ${this.address} with correlation id ${id} answers no request`));
    }
  }

  private fail(err: NetError): void {
    if (this.failure) return;
    this.failure = err;
    if (this.inFlight.size > 0) this.logger.info({ peer: this.address, inFlight: this.inFlight.size, reason: err.message }, 'connection ended with requests in flight');
    for (const pending of this.inFlight.values()) {
      clearTimeout(pending.timer);
      pending.reject(err);
    }
    this.inFlight.clear();
    this.abandoned.clear();
    this.socket.destroy();
    this.markClosed(err);
  }
}
