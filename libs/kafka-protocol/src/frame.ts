import { DecodeError } from './primitives/codec-errors';
import { type Reader } from './primitives/reader';
import { type Writer } from './primitives/writer';

/** Kafka's socket.request.max.bytes default. */
export const DEFAULT_MAX_FRAME_BYTES = 104_857_600;


export class FrameError extends DecodeError {}

/**
 * Splits a TCP byte stream into size-prefixed frames (int32 size, then that many bytes).
 * Pure: bytes go in, complete frames come out. A size below 0 or above the limit is a
 * framing fault: the caller must close the connection, as Kafka's SocketServer does.
 */
export class FrameSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private need = -1;

  constructor(private readonly maxFrameBytes = DEFAULT_MAX_FRAME_BYTES) {}

  /** Bytes buffered but not yet returned as a frame. */
  get buffered(): number {
    return this.pendingBytes;
  }

  push(chunk: Buffer): Buffer[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.need < 0) {
        if (this.pendingBytes < 4) break;
        const size = this.peekSize();
        if (size < 0) throw new FrameError('DECODE.INVALID_VALUE', `negative frame size ${size}`);
        if (size > this.maxFrameBytes) {
          throw new FrameError('DECODE.LENGTH_TOO_LARGE', `frame of ${size} bytes exceeds ${this.maxFrameBytes}`);
        }
        this.take(4);
        this.need = size;
      }
      if (this.pendingBytes < this.need) break;
      frames.push(this.take(this.need));
      this.need = -1;
    }
    return frames;
  }

  private peekSize(): number {
    const first = this.pending[0] as Buffer;
    if (first.length >= 4) return first.readInt32BE(0);
    return this.collect(4).readInt32BE(0);
  }

  private collect(n: number): Buffer {
    const joined = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [joined];
    return joined.subarray(0, n);
  }

  private take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0); // a zero-size frame: empty, and nothing to consume
    const first = this.pending[0] as Buffer;
    let out: Buffer;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.pending.shift();
      else this.pending[0] = first.subarray(n);
    } else {
      const joined = this.collect(this.pendingBytes);
      out = joined.subarray(0, n);
      this.pending = joined.length === n ? [] : [joined.subarray(n)];
    }
    this.pendingBytes -= n;
    return out;
  }
}

export interface RequestHeader {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
}

/**
 * Reads the part of the request header every version shares (v1 layout: client_id is an
 * int16 string even in header v2). The caller decides from (apiKey, apiVersion) whether
 * a tag buffer follows (header v2) and calls `skipHeaderTags`.
 */
export function readRequestHeader(r: Reader): RequestHeader {
  const apiKey = r.int16();
  const apiVersion = r.int16();
  const correlationId = r.int32();
  const clientId = r.nullableString();
  return { apiKey, apiVersion, correlationId, clientId };
}

/** Header v2's tag buffer: no tags are defined for request headers that we use; skip them by size. */
export function skipTagBuffer(r: Reader): void {
  const count = r.uvarint();
  for (let i = 0; i < count; i++) {
    r.uvarint();
    r.raw(r.uvarint());
  }
}

export function writeRequestHeader(w: Writer, h: RequestHeader, headerVersion: 1 | 2): Writer {
  w.int16(h.apiKey).int16(h.apiVersion).int32(h.correlationId).nullableString(h.clientId);
  if (headerVersion === 2) w.uvarint(0);
  return w;
}

/** Response header v0 is the correlation id; v1 adds an (empty) tag buffer. */
export function writeResponseHeader(w: Writer, correlationId: number, headerVersion: 0 | 1): Writer {
  w.int32(correlationId);
  if (headerVersion === 1) w.uvarint(0);
  return w;
}

export function readResponseHeader(r: Reader, headerVersion: 0 | 1): number {
  const correlationId = r.int32();
  if (headerVersion === 1) skipTagBuffer(r);
  return correlationId;
}

/** Prefix a message (as pieces) with its int32 size. */
export function frame(pieces: Buffer[]): Buffer[] {
  let size = 0;
  for (const p of pieces) size += p.length;
  const prefix = Buffer.allocUnsafe(4);
  prefix.writeInt32BE(size, 0);
  return [prefix, ...pieces];
}
