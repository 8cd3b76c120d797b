import { connect, type Socket } from 'node:net';
import {
  FrameSplitter,
  decodeResponse,
  encodeRequest,
  type MessageInput,
  type MessageOf,
  type MessageSpec,
} from '@orderlab/kafka-protocol';

interface Waiting {
  resolve(frame: Buffer): void;
  reject(err: Error): void;
}

/**
 * A raw test client on our own codec: one connection, pipelined requests matched by correlation
 * id, and bytes sent as they are. e2e tests use it to send exact versions and hostile bytes, the
 * benchmarks as "our own Fetch reader". Tools and services use @orderlab/kafka-net's
 * KafkaConnection / NodeChannels instead (timeouts, typed errors, frame limits, reconnects).
 */
export class RawKafkaClient {
  private readonly splitter = new FrameSplitter();
  private readonly waiting = new Map<number, Waiting>();
  private nextCorrelationId = 1;
  private closedError: Error | null = null;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const f of this.splitter.push(chunk)) {
        const id = f.readInt32BE(0);
        const w = this.waiting.get(id);
        this.waiting.delete(id);
        w?.resolve(f);
      }
    });
    const fail = (err: Error): void => {
      this.closedError = err;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed by broker')));
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawKafkaClient> {
    return new Promise((resolve, reject) => {
      const s = connect(port, host);
      s.setNoDelay(true);
      s.once('connect', () => resolve(new RawKafkaClient(s)));
      s.once('error', reject);
    });
  }

  get closed(): boolean {
    return this.closedError !== null;
  }

  async send<Req extends MessageSpec, Res extends MessageSpec>(
    request: Req,
    response: Res,
    version: number,
    body: MessageInput<Req>,
  ): Promise<MessageOf<Res>> {
    const id = this.nextCorrelationId++;
    const frame = await this.sendRaw(encodeRequest(request, version, id, 'raw-client', body), id);
    return decodeResponse(response, version, frame).body;
  }

  /** Send bytes as they are (a whole frame, size prefix included) and wait for the frame answering `correlationId`. */
  sendRaw(bytes: Buffer, correlationId: number): Promise<Buffer> {
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => {
      this.waiting.set(correlationId, { resolve, reject });
      this.socket.write(bytes);
    });
  }

  /** Write bytes without waiting for any answer (fuzzing, acks=0). */
  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Resolves true when the broker closes the connection within `timeoutMs`. */
  waitForClose(timeoutMs: number): Promise<boolean> {
    if (this.closedError) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
