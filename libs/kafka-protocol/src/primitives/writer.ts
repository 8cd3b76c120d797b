import { EncodeError } from './codec-errors';

const TWO_32 = 4294967296;
/** Byte strings at least this long are kept as separate chunks instead of being copied. */
const CHUNK_THRESHOLD = 16 * 1024;

/**
 * A growable big-endian writer. Large byte strings (record sets in Fetch responses)
 * are not copied: they become their own chunk, and `chunks()` hands the pieces to a
 * socket as they are.
 */
export class Writer {
  private buf: Buffer;
  private pos = 0;
  private start = 0;
  private readonly done: Buffer[] = [];
  private doneLength = 0;

  constructor(initialSize = 256) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  get length(): number {
    return this.doneLength + this.pos - this.start;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const used = this.pos - this.start;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, used + n, 256));
    this.buf.copy(next, 0, this.start, this.pos);
    this.buf = next;
    this.start = 0;
    this.pos = used;
  }

  int8(v: number): this {
    this.ensure(1);
    this.pos = this.buf.writeInt8(v, this.pos);
    return this;
  }
  uint8(v: number): this {
    this.ensure(1);
    this.buf[this.pos++] = v;
    return this;
  }
  int16(v: number): this {
    this.ensure(2);
    this.pos = this.buf.writeInt16BE(v, this.pos);
    return this;
  }
  uint16(v: number): this {
    this.ensure(2);
    this.pos = this.buf.writeUInt16BE(v, this.pos);
    return this;
  }
  int32(v: number): this {
    this.ensure(4);
    this.pos = this.buf.writeInt32BE(v, this.pos);
    return this;
  }
  uint32(v: number): this {
    this.ensure(4);
    this.pos = this.buf.writeUInt32BE(v >>> 0, this.pos);
    return this;
  }
  int64(v: number): this {
    if (!Number.isInteger(v)) throw new EncodeError('ENCODE.INVALID_VALUE', `int64 must be an integer, got ${v}`);
    this.ensure(8);
    const hi = Math.floor(v / TWO_32);
    this.buf.writeInt32BE(hi, this.pos);
    this.buf.writeUInt32BE(v - hi * TWO_32, this.pos + 4);
    this.pos += 8;
    return this;
  }
  float64(v: number): this {
    this.ensure(8);
    this.pos = this.buf.writeDoubleBE(v, this.pos);
    return this;
  }
  bool(v: boolean): this {
    return this.uint8(v ? 1 : 0);
  }
  uuid(v: Buffer): this {
    if (v.length !== 16) throw new EncodeError('ENCODE.INVALID_VALUE', `uuid must be 16 bytes, got ${v.length}`);
    return this.raw(v);
  }

  raw(v: Buffer): this {
    if (v.length >= CHUNK_THRESHOLD) {
      this.cut();
      this.done.push(v);
      this.doneLength += v.length;
      return this;
    }
    this.ensure(v.length);
    v.copy(this.buf, this.pos);
    this.pos += v.length;
    return this;
  }

  uvarint(v: number): this {
    if (v < 0 || v > 0xffffffff) throw new EncodeError('ENCODE.INVALID_VALUE', `uvarint out of range: ${v}`);
    this.ensure(5);
    while (v >= 0x80) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.pos++] = v;
    return this;
  }

  varint(v: number): this {
    return this.uvarint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  varlong(v: number): this {
    let u = v >= 0 ? v * 2 : -v * 2 - 1;
    this.ensure(10);
    while (u >= 0x80) {
      this.buf[this.pos++] = (u % 128) | 0x80;
      u = Math.floor(u / 128);
    }
    this.buf[this.pos++] = u;
    return this;
  }

  nullableString(v: string | null): this {
    if (v === null) return this.int16(-1);
    const len = Buffer.byteLength(v);
    this.int16(len);
    this.ensure(len);
    this.pos += this.buf.write(v, this.pos, 'utf8');
    return this;
  }

  compactNullableString(v: string | null): this {
    if (v === null) return this.uvarint(0);
    const len = Buffer.byteLength(v);
    this.uvarint(len + 1);
    this.ensure(len);
    this.pos += this.buf.write(v, this.pos, 'utf8');
    return this;
  }

  nullableBytes(v: Buffer | null): this {
    if (v === null) return this.int32(-1);
    return this.int32(v.length).raw(v);
  }

  compactNullableBytes(v: Buffer | null): this {
    if (v === null) return this.uvarint(0);
    return this.uvarint(v.length + 1).raw(v);
  }

  /** Reserve 4 bytes for a length or CRC filled in later with `patchInt32`. Returns the absolute position. */
  reserveInt32(): number {
    this.ensure(4);
    const at = this.length;
    this.pos += 4;
    return at;
  }

  patchInt32(at: number, v: number): void {
    const local = this.localIndex(at);
    this.buf.writeInt32BE(v, local);
  }

  patchUInt32(at: number, v: number): void {
    this.buf.writeUInt32BE(v >>> 0, this.localIndex(at));
  }

  private localIndex(at: number): number {
    const local = at - this.doneLength + this.start;
    if (local < this.start || local + 4 > this.pos) {
      throw new EncodeError('ENCODE.INVALID_VALUE', 'cannot patch bytes that were already chunked');
    }
    return local;
  }

  private cut(): void {
    if (this.pos > this.start) {
      const piece = this.buf.subarray(this.start, this.pos);
      this.done.push(piece);
      this.doneLength += piece.length;
      this.start = this.pos;
    }
  }

  /** The written bytes as pieces, without copying large byte strings. */
  chunks(): Buffer[] {
    this.cut();
    return this.done.slice();
  }

  /** The written bytes as one buffer. */
  toBuffer(): Buffer {
    const parts = this.chunks();
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, this.length);
  }
}
