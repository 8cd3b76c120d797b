import { EntryTable } from './entry-table';

/** An entry of Kafka's .index file: a batch's base offset relative to the segment, and its byte position. */
export interface OffsetEntry {
  readonly relativeOffset: number;
  readonly position: number;
}

const ENTRY = 8;

/**
 * A segment's sparse offset index in Kafka's .index layout: (relativeOffset int32,
 * position int32), one entry at least every index.interval.bytes of batches. Entries are
 * ascending in both fields, so one table answers "where is offset X" and "which batch
 * starts last before byte Y".
 */
export class OffsetIndex {
  private readonly table: EntryTable;

  constructor(content?: Buffer) {
    this.table = new EntryTable(ENTRY, content);
  }

  /** An index read from its file, or null when the file is not a sane index for a log of `logSize` bytes. */
  static decode(content: Buffer, logSize: number): OffsetIndex | null {
    if (content.length % ENTRY !== 0) return null;
    const index = new OffsetIndex(Buffer.from(content));
    for (let i = 0; i < index.count; i++) {
      const e = index.entry(i);
      const prev = i > 0 ? index.entry(i - 1) : null;
      if (e.position >= logSize || e.relativeOffset < 0 || (prev && (e.relativeOffset <= prev.relativeOffset || e.position <= prev.position))) return null;
    }
    return index;
  }

  get count(): number {
    return this.table.count;
  }

  get memoryBytes(): number {
    return this.table.capacityBytes;
  }

  content(): Buffer {
    return this.table.content();
  }

  append(relativeOffset: number, position: number): void {
    const at = this.table.grow();
    this.table.buffer.writeInt32BE(relativeOffset, at);
    this.table.buffer.writeInt32BE(position, at + 4);
  }

  entry(i: number): OffsetEntry {
    const at = this.table.at(i);
    return { relativeOffset: this.table.buffer.readInt32BE(at), position: this.table.buffer.readInt32BE(at + 4) };
  }

  last(): OffsetEntry | null {
    return this.count > 0 ? this.entry(this.count - 1) : null;
  }

  /** The last entry at or before `relativeOffset`, or null. */
  floorOffset(relativeOffset: number): OffsetEntry | null {
    const i = this.table.floor(relativeOffset, (k) => this.table.buffer.readInt32BE(this.table.at(k)));
    return i < 0 ? null : this.entry(i);
  }

  /** The last entry whose batch starts at or before byte `position`, or null. */
  floorPosition(position: number): OffsetEntry | null {
    const i = this.table.floor(position, (k) => this.table.buffer.readInt32BE(this.table.at(k) + 4));
    return i < 0 ? null : this.entry(i);
  }

  /** Drop the entries of batches at or after byte `position` (the log was cut there). */
  truncateToPosition(position: number): void {
    const i = this.table.floor(position - 1, (k) => this.table.buffer.readInt32BE(this.table.at(k) + 4));
    this.table.truncate(i + 1);
  }
}
