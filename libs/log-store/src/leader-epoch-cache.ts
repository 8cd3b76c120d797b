/**
 * Which leader epoch wrote which offsets (Kafka's LeaderEpochFileCache): entries of
 * (epoch, startOffset), both strictly ascending. Followers and a returning leader ask it
 * for the end offset of an epoch to find where their log diverges (OffsetsForLeaderEpoch),
 * and ListOffsets reports the epoch of an offset.
 *
 * The checkpoint file has Kafka's text layout: a version line (0), a count line, then one
 * "epoch startOffset" line per entry.
 */
export interface EpochEntry {
  readonly epoch: number;
  readonly startOffset: number;
}

/** OffsetsForLeaderEpoch's "no such epoch": UNDEFINED_EPOCH and UNDEFINED_EPOCH_OFFSET. */
export const UNDEFINED_EPOCH = -1;
export const UNDEFINED_EPOCH_OFFSET = -1;

export class LeaderEpochCache {
  private entries: EpochEntry[] = [];

  constructor(initial: readonly EpochEntry[] = []) {
    for (const e of initial) this.assign(e.epoch, e.startOffset);
  }

  all(): readonly EpochEntry[] {
    return this.entries;
  }

  latestEpoch(): number | null {
    return this.entries[this.entries.length - 1]?.epoch ?? null;
  }

  /**
   * Record that `epoch` starts at `startOffset`. Returns whether the cache changed. As in
   * Kafka, entries that a new one contradicts (an epoch not below it, or a start offset not
   * below it) are removed first, so the entries stay ascending in both fields.
   */
  assign(epoch: number, startOffset: number): boolean {
    if (epoch < 0 || startOffset < 0) return false;
    const last = this.entries[this.entries.length - 1];
    if (last && last.epoch === epoch && last.startOffset <= startOffset) return false;
    while (this.entries.length > 0) {
      const tail = this.entries[this.entries.length - 1] as EpochEntry;
      if (tail.epoch < epoch && tail.startOffset < startOffset) break;
      this.entries.pop();
    }
    this.entries.push({ epoch, startOffset });
    return true;
  }

  /**
   * Kafka's endOffsetFor: the largest epoch at or below `requested` and where it ends (the
   * start of the next epoch, or the log end for the latest epoch). Below the first known
   * epoch: the requested epoch and the first entry's start. Unknown: (-1, -1).
   */
  endOffsetFor(requested: number, logEndOffset: number): { epoch: number; endOffset: number } {
    const undefinedAnswer = { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
    if (requested === UNDEFINED_EPOCH) return undefinedAnswer;
    if (this.latestEpoch() === requested) return { epoch: requested, endOffset: logEndOffset };
    const higher = this.entries.findIndex((e) => e.epoch > requested);
    if (higher < 0) return undefinedAnswer;
    const next = this.entries[higher] as EpochEntry;
    const floor = this.entries[higher - 1];
    return floor ? { epoch: floor.epoch, endOffset: next.startOffset } : { epoch: requested, endOffset: next.startOffset };
  }

  /** The epoch that wrote `offset`, or null when the cache knows none that old. */
  epochForOffset(offset: number): number | null {
    let found: number | null = null;
    for (const e of this.entries) {
      if (e.startOffset > offset) break;
      found = e.epoch;
    }
    return found;
  }

  /** Remove the entries starting at or after `endOffset` (the log was truncated there). */
  truncateFromEnd(endOffset: number): boolean {
    const before = this.entries.length;
    while (this.entries.length > 0 && (this.entries[this.entries.length - 1] as EpochEntry).startOffset >= endOffset) this.entries.pop();
    return this.entries.length !== before;
  }

  /** The log now starts at `startOffset`: entries before it go, the epoch covering it is moved up to it. */
  truncateFromStart(startOffset: number): boolean {
    let covering = -1;
    for (let i = 0; i < this.entries.length && (this.entries[i] as EpochEntry).startOffset <= startOffset; i++) covering = i;
    if (covering < 0) return false;
    const epoch = (this.entries[covering] as EpochEntry).epoch;
    const changed = covering > 0 || (this.entries[0] as EpochEntry).startOffset !== startOffset;
    this.entries = [{ epoch, startOffset }, ...this.entries.slice(covering + 1)];
    return changed;
  }
}

export function encodeEpochCheckpoint(entries: readonly EpochEntry[]): Buffer {
  return Buffer.from(['0', String(entries.length), ...entries.map((e) => `${e.epoch} ${e.startOffset}`)].join('\n') + '\n');
}

/** The entries of a checkpoint file, or null when it is not one (torn, unknown version). */
export function decodeEpochCheckpoint(bytes: Buffer): EpochEntry[] | null {
  const lines = bytes.toString('utf8').split('\n').filter((l) => l.length > 0);
  if (lines[0] !== '0' || lines.length < 2) return null;
  const count = Number(lines[1]);
  if (!Number.isInteger(count) || lines.length !== count + 2) return null;
  const out: EpochEntry[] = [];
  for (const line of lines.slice(2)) {
    const m = /^(\d+) (\d+)$/.exec(line);
    if (!m) return null;
    out.push({ epoch: Number(m[1]), startOffset: Number(m[2]) });
  }
  return out;
}
