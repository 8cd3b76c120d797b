import { EntryTable, readInt64, writeInt64 } from './entry-table';

/** An entry of Kafka's .timeindex file: the largest timestamp so far, at the batch with this relative offset. */
export interface TimeEntry {
  readonly timestamp: number;
  readonly relativeOffset: number;
}

const ENTRY = 12;

/**
 * A segment's sparse time index in Kafka's .timeindex layout: (timestamp int64,
 * relativeOffset int32), appended at offset-index points when the segment's max timestamp
 * grew, and once more when the segment is closed, so the last entry holds the segment's
 * largest timestamp (what retention by time and timestamp lookups read first).
 */
export class TimeIndex {
  private readonly table: EntryTable;

  constructor(content?: Buffer) {
    this.table = new EntryTable(ENTRY, content);
  }

  /** An index read from its file, or null when it is not sane (ascending timestamps and offsets). */
  static decode(content: Buffer): TimeIndex | null {
    if (content.length % ENTRY !== 0) return null;
    const index = new TimeIndex(Buffer.from(content));
    for (let i = 1; i < index.count; i++) {
      const e = index.entry(i);
      const prev = index.entry(i - 1);
      if (e.timestamp < prev.timestamp || e.relativeOffset < prev.relativeOffset) return null;
    }
    return index;
  }

  /** The last entry of a .timeindex file's content (what a closed segment needs at startup). */
  static lastEntryOf(tail: Buffer): TimeEntry | null {
    return tail.length >= ENTRY ? new TimeIndex(tail.subarray(tail.length - ENTRY)).entry(0) : null;
  }

  static readonly ENTRY_SIZE = ENTRY;

  get count(): number {
    return this.table.count;
  }

  get memoryBytes(): number {
    return this.table.capacityBytes;
  }

  content(): Buffer {
    return this.table.content();
  }

  /** Append when the timestamp grew past the last entry (Kafka keeps the index ascending; -1, no timestamp, never enters). */
  maybeAppend(timestamp: number, relativeOffset: number): void {
    const last = this.last();
    if (timestamp < 0 || (last && timestamp <= last.timestamp)) return;
    const at = this.table.grow();
    writeInt64(this.table.buffer, at, timestamp);
    this.table.buffer.writeInt32BE(relativeOffset, at + 8);
  }

  entry(i: number): TimeEntry {
    const at = this.table.at(i);
    return { timestamp: readInt64(this.table.buffer, at), relativeOffset: this.table.buffer.readInt32BE(at + 8) };
  }

  last(): TimeEntry | null {
    return this.count > 0 ? this.entry(this.count - 1) : null;
  }

  /** The last entry whose timestamp is below `timestamp`: every batch before its offset is older. */
  floorBelow(timestamp: number): TimeEntry | null {
    const i = this.table.floor(timestamp - 1, (k) => readInt64(this.table.buffer, this.table.at(k)));
    return i < 0 ? null : this.entry(i);
  }

  /** Drop the entries at or after `relativeOffset`. */
  truncateToOffset(relativeOffset: number): void {
    const i = this.table.floor(relativeOffset - 1, (k) => this.table.buffer.readInt32BE(this.table.at(k) + 8));
    this.table.truncate(i + 1);
  }
}
