import type { Socket } from 'node:net';
import { FrameSplitter } from '@orderlab/kafka-protocol';
import type { Logger } from '@orderlab/shared';
import type { Dispatch, Dispatcher } from './dispatcher';

export interface ConnectionLimits {
  readonly maxFrameBytes: number;
  readonly maxQueuedRequests: number;
  readonly maxQueuedBytes: number;
}

interface Pending {
  result: Dispatch | null;
  readonly bytes: number;
}

/**
 * One client connection. Requests are dispatched as they arrive (so appends happen in
 * arrival order) and answered strictly in request order, as Kafka does. Reading stops
 * while too many requests or bytes are unanswered, or while the client is not reading
 * our responses (Kafka's back-pressure), and resumes when they drain.
 */
export class Connection {
  private readonly splitter: FrameSplitter;
  private readonly queue: Pending[] = [];
  /** Complete frames read but not yet dispatched because the queue is full. */
  private readonly backlog: Buffer[] = [];
  private queuedBytes = 0;
  private writeBlocked = false;
  private closed = false;

  constructor(
    private readonly socket: Socket,
    readonly id: number,
    private readonly dispatcher: Dispatcher,
    private readonly limits: ConnectionLimits,
    private readonly logger: Logger,
  ) {
    this.splitter = new FrameSplitter(limits.maxFrameBytes);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => {
      this.writeBlocked = false;
      this.pump();
    });
    socket.on('error', (err) => this.logger.debug({ conn: id, err: err.message }, 'socket error'));
    socket.on('close', () => {
      this.closed = true;
    });
  }

  get remoteAddress(): string {
    return this.socket.remoteAddress ?? 'unknown';
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.logger.info({ conn: this.id, client: this.remoteAddress, reason }, 'closing connection');
    this.socket.end();
    this.socket.destroySoon();
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    let frames: Buffer[];
    try {
      frames = this.splitter.push(chunk);
    } catch (e) {
      this.close(`framing fault: ${(e as Error).message}`);
      return;
    }
    this.backlog.push(...frames);
    this.pump();
  }

  /** Dispatch buffered frames while the unanswered queue has room. */
  private pump(): void {
    while (this.backlog.length > 0 && !this.queueFull() && !this.closed) this.enqueue(this.backlog.shift() as Buffer);
    this.updateFlow();
  }

  private queueFull(): boolean {
    return this.queue.length >= this.limits.maxQueuedRequests || this.queuedBytes >= this.limits.maxQueuedBytes;
  }

  private enqueue(frameBytes: Buffer): void {
    const entry: Pending = { result: null, bytes: frameBytes.length };
    this.queue.push(entry);
    this.queuedBytes += entry.bytes;
    this.dispatcher
      .dispatch(frameBytes, { connectionId: this.id, clientHost: this.remoteAddress })
      .catch((e: unknown): Dispatch => ({ kind: 'close', reason: `dispatch failed: ${(e as Error).message}` }))
      .then((result) => {
        entry.result = result;
        this.flushInOrder();
      });
  }

  private flushInOrder(): void {
    while (this.queue.length > 0 && this.queue[0]?.result) {
      const entry = this.queue.shift() as Pending;
      this.queuedBytes -= entry.bytes;
      const result = entry.result as Dispatch;
      if (this.closed) continue;
      if (result.kind === 'close') {
        this.close(result.reason);
        continue;
      }
      if (result.kind === 'respond') this.write(result.pieces);
    }
    this.pump();
  }

  private write(pieces: Buffer[]): void {
    this.socket.cork();
    let ok = true;
    for (const p of pieces) ok = this.socket.write(p) && ok;
    this.socket.uncork();
    if (!ok) this.writeBlocked = true;
  }

  private updateFlow(): void {
    if (this.closed) return;
    if (this.backlog.length > 0 || this.queueFull() || this.writeBlocked) {
      if (!this.socket.isPaused()) this.socket.pause();
    } else if (this.socket.isPaused()) {
      this.socket.resume();
    }
  }
}
