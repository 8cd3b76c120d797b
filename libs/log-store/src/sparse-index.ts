/**
 * A sparse, sorted index kept in memory and mirrored to a file in Kafka's layouts:
 * .index entries are (relativeOffset int32, position int32), 8 bytes;
 * .timeindex entries are (timestamp int64, relativeOffset int32), 12 bytes.
 * Entries not yet written to the file are kept in `pending` and flushed in one write.
 */
export interface OffsetEntry {
  readonly relativeOffset: number;
  readonly position: number;
}

export interface TimeEntry {
  readonly timestamp: number;
  readonly relativeOffset: number;
}

export function encodeOffsetEntries(entries: readonly OffsetEntry[]): Buffer {
  const b = Buffer.allocUnsafe(entries.length * 8);
  entries.forEach((e, i) => {
    b.writeInt32BE(e.relativeOffset, i * 8);
    b.writeInt32BE(e.position, i * 8 + 4);
  });
  return b;
}

export function decodeOffsetEntries(b: Buffer): OffsetEntry[] {
  const out: OffsetEntry[] = [];
  for (let at = 0; at + 8 <= b.length; at += 8) out.push({ relativeOffset: b.readInt32BE(at), position: b.readInt32BE(at + 4) });
  return out;
}

export function encodeTimeEntries(entries: readonly TimeEntry[]): Buffer {
  const b = Buffer.allocUnsafe(entries.length * 12);
  entries.forEach((e, i) => {
    const hi = Math.floor(e.timestamp / 4294967296);
    b.writeInt32BE(hi, i * 12);
    b.writeUInt32BE(e.timestamp - hi * 4294967296, i * 12 + 4);
    b.writeInt32BE(e.relativeOffset, i * 12 + 8);
  });
  return b;
}

export function decodeTimeEntries(b: Buffer): TimeEntry[] {
  const out: TimeEntry[] = [];
  for (let at = 0; at + 12 <= b.length; at += 12) {
    out.push({ timestamp: b.readInt32BE(at) * 4294967296 + b.readUInt32BE(at + 4), relativeOffset: b.readInt32BE(at + 8) });
  }
  return out;
}

/** Index of the last entry whose key is <= target, or -1. */
export function floorIndex<T>(entries: readonly T[], target: number, key: (e: T) => number): number {
  let lo = 0;
  let hi = entries.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (key(entries[mid] as T) <= target) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
