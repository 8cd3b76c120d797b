import { DecodeError } from './codec-errors';

const TWO_32 = 4294967296;

/**
 * A bounds-checked cursor over a buffer. Every read either returns a value or throws
 * DecodeError, so hostile input can never index outside the buffer or allocate more
 * than it carries. Byte strings are returned as views (subarray), never copied.
 */
export class Reader {
  offset: number;
  readonly end: number;

  constructor(
    readonly buf: Buffer,
    offset = 0,
    end = buf.length,
  ) {
    this.offset = offset;
    this.end = end;
  }

  remaining(): number {
    return this.end - this.offset;
  }

  private need(n: number): number {
    const at = this.offset;
    if (n > this.end - at) {
      throw new DecodeError('DECODE.TRUNCATED', `needed ${n} bytes at ${at}, ${this.end - at} left`);
    }
    this.offset = at + n;
    return at;
  }

  int8(): number {
    return this.buf.readInt8(this.need(1));
  }
  uint8(): number {
    return this.buf[this.need(1)] as number;
  }
  int16(): number {
    return this.buf.readInt16BE(this.need(2));
  }
  uint16(): number {
    return this.buf.readUInt16BE(this.need(2));
  }
  int32(): number {
    return this.buf.readInt32BE(this.need(4));
  }
  uint32(): number {
    return this.buf.readUInt32BE(this.need(4));
  }
  /** int64 as a JS number: exact for |v| < 2^53, which covers offsets, timestamps and ids in practice. */
  int64(): number {
    const at = this.need(8);
    return this.buf.readInt32BE(at) * TWO_32 + this.buf.readUInt32BE(at + 4);
  }
  float64(): number {
    return this.buf.readDoubleBE(this.need(8));
  }
  bool(): boolean {
    return this.buf[this.need(1)] !== 0;
  }
  uuid(): Buffer {
    const at = this.need(16);
    return this.buf.subarray(at, at + 16);
  }
  raw(n: number): Buffer {
    if (n < 0) throw new DecodeError('DECODE.NEGATIVE_LENGTH', `negative length ${n}`);
    const at = this.need(n);
    return this.buf.subarray(at, at + n);
  }

  /** Unsigned LEB128 varint, at most 5 bytes (fits uint32). Used by flexible versions. */
  uvarint(): number {
    let value = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.uint8();
      value += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return value;
      shift += 7;
    }
    throw new DecodeError('DECODE.VARINT_TOO_LONG', `unsigned varint longer than 5 bytes at ${this.offset}`);
  }

  /** Zigzag varint (int32), as used inside record batches. */
  varint(): number {
    const u = this.uvarint();
    if (u > 0xffffffff) throw new DecodeError('DECODE.VARINT_TOO_LONG', 'varint exceeds 32 bits');
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }

  /** Zigzag varlong (int64) as a number; exact below 2^53. */
  varlong(): number {
    let value = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      const b = this.uint8();
      value += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
      shift += 7;
    }
    throw new DecodeError('DECODE.VARINT_TOO_LONG', `varlong longer than 10 bytes at ${this.offset}`);
  }

  /** int16-length string; null when length is -1. */
  nullableString(): string | null {
    const len = this.int16();
    if (len === -1) return null;
    if (len < 0) throw new DecodeError('DECODE.NEGATIVE_LENGTH', `string length ${len}`);
    const at = this.need(len);
    return this.buf.toString('utf8', at, at + len);
  }

  compactNullableString(): string | null {
    const n = this.uvarint();
    if (n === 0) return null;
    const at = this.need(n - 1);
    return this.buf.toString('utf8', at, at + n - 1);
  }

  /** int32-length bytes; null when length is -1. */
  nullableBytes(): Buffer | null {
    const len = this.int32();
    if (len === -1) return null;
    return this.raw(len);
  }

  compactNullableBytes(): Buffer | null {
    const n = this.uvarint();
    if (n === 0) return null;
    return this.raw(n - 1);
  }

  /** Array count (int32, -1 = null), checked against the bytes left so a hostile count cannot allocate. */
  arrayLength(): number {
    return this.checkedCount(this.int32());
  }

  compactArrayLength(): number {
    return this.checkedCount(this.uvarint() - 1);
  }

  private checkedCount(n: number): number {
    if (n < -1) throw new DecodeError('DECODE.NEGATIVE_LENGTH', `array length ${n}`);
    if (n > this.remaining()) {
      throw new DecodeError('DECODE.LENGTH_TOO_LARGE', `array of ${n} elements in ${this.remaining()} bytes`);
    }
    return n;
  }
}
