/**
 * Fixed-size, big-endian entries kept in one Buffer, byte for byte as the index file holds
 * them (Kafka mmaps its index files; we hold their bytes): no object per entry, and the
 * file content is a subarray away. Entries are sorted by every key an index searches on.
 */
export class EntryTable {
  private bytes: Buffer;
  private entries: number;

  constructor(
    readonly entrySize: number,
    initial?: Buffer,
  ) {
    this.entries = initial ? Math.floor(initial.length / entrySize) : 0;
    this.bytes = initial ?? Buffer.alloc(0);
  }

  get count(): number {
    return this.entries;
  }

  /** Bytes held (what the index costs in memory). */
  get capacityBytes(): number {
    return this.bytes.length;
  }

  /** The entries as the file stores them. */
  content(): Buffer {
    return this.bytes.subarray(0, this.entries * this.entrySize);
  }

  /** Position in `content()` where entry `i` starts. */
  at(i: number): number {
    return i * this.entrySize;
  }

  get buffer(): Buffer {
    return this.bytes;
  }

  /** Make room for one more entry and return where it starts. */
  grow(): number {
    const needed = (this.entries + 1) * this.entrySize;
    if (needed > this.bytes.length) {
      const grown = Buffer.alloc(Math.max(needed, this.bytes.length * 2, 64 * this.entrySize));
      this.bytes.copy(grown, 0, 0, this.entries * this.entrySize);
      this.bytes = grown;
    }
    return this.entries++ * this.entrySize;
  }

  truncate(count: number): void {
    this.entries = Math.min(this.entries, count);
  }

  /** Index of the last entry whose key is <= target, or -1 (keys ascending). */
  floor(target: number, key: (i: number) => number): number {
    let lo = 0;
    let hi = this.entries - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (key(mid) <= target) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }
}

export function readInt64(b: Buffer, at: number): number {
  return b.readInt32BE(at) * 4294967296 + b.readUInt32BE(at + 4);
}

export function writeInt64(b: Buffer, at: number, v: number): void {
  const hi = Math.floor(v / 4294967296);
  b.writeInt32BE(hi, at);
  b.writeUInt32BE(v - hi * 4294967296, at + 4);
}
