/**
 * The bytes segments were last appended, kept in memory store-wide within a budget, so the
 * reads that follow an append at once — a follower's fetch of what the leader just took, a
 * consumer at the tail — are answered without a read(2) and without a fresh buffer: the
 * answer is a view of the very buffer that was written (Kafka gets the same from the page
 * cache and sendfile). Only bytes that were written successfully are kept, in file order per
 * segment; a truncation drops what it cut, and the oldest appends go first beyond the budget.
 *
 * Callers must not modify what they append afterwards, nor what a read returns (both are the
 * same memory); the log's read path only ever sends them.
 */
interface Entry {
  readonly owner: object;
  readonly position: number;
  /** Emptied once dropped, so an entry still queued for eviction pins nothing. */
  bytes: Buffer;
  /** What keeping it costs: the whole buffer it is a view of, when that is bigger. */
  readonly charge: number;
  dead: boolean;
}

/** Appends at most this long, when they are views of a much bigger buffer, are copied (into Node's pool) rather than pin it. */
const COPY_BELOW = 4096;
const EMPTY = Buffer.alloc(0);

export class RecentAppends {
  private readonly byOwner = new Map<object, Entry[]>();
  private fifo: Entry[] = [];
  private head = 0;
  private total = 0;
  private live = 0;

  constructor(readonly capacityBytes: number) {}

  /** Memory charged now (tests). */
  get bytes(): number {
    return this.total;
  }

  /** `bytes` were just written at `position` of `owner`'s file (right after what it holds, or it starts over). */
  add(owner: object, position: number, bytes: Buffer): void {
    if (this.capacityBytes <= 0 || bytes.length === 0) return;
    let list = this.byOwner.get(owner);
    const last = list?.[list.length - 1];
    if (list && (!last || last.position + last.bytes.length !== position)) {
      this.forget(owner);
      list = undefined;
    }
    const pinned = bytes.buffer.byteLength;
    const data = bytes.length <= COPY_BELOW && pinned > 2 * bytes.length ? Buffer.from(bytes) : bytes;
    const charge = data === bytes ? Math.max(bytes.length, pinned) : data.length;
    if (charge > this.capacityBytes) {
      this.forget(owner); // too big to keep: and the next append must not look contiguous with older entries
      return;
    }
    const entry: Entry = { owner, position, bytes: data, charge, dead: false };
    if (!list) this.byOwner.set(owner, (list = []));
    list.push(entry);
    this.fifo.push(entry);
    this.total += charge;
    this.live++;
    while (this.total > this.capacityBytes) this.evictOldest();
    this.compact();
  }

  /** Exactly `length` bytes at `position` of `owner`'s file when all of them are kept, else undefined (read the file). */
  read(owner: object, position: number, length: number): Buffer | undefined {
    const list = this.byOwner.get(owner);
    if (!list || list.length === 0 || length <= 0) return undefined;
    const first = list[0] as Entry;
    const last = list[list.length - 1] as Entry;
    const end = position + length;
    if (position < first.position || end > last.position + last.bytes.length) return undefined;
    // Reads are at the tail: walk back from the newest entry.
    let i = list.length - 1;
    while ((list[i] as Entry).position > position) i--;
    const e = list[i] as Entry;
    if (end <= e.position + e.bytes.length) return e.bytes.subarray(position - e.position, end - e.position);
    const out = Buffer.allocUnsafe(length);
    let at = 0;
    for (let j = i; at < length; j++) {
      const piece = list[j] as Entry;
      const from = position + at - piece.position;
      at += piece.bytes.copy(out, at, from, Math.min(piece.bytes.length, from + length - at));
    }
    return out;
  }

  /** `owner`'s file was cut to `size` bytes: nothing at or past it is kept. */
  truncate(owner: object, size: number): void {
    const list = this.byOwner.get(owner);
    if (!list) return;
    while (list.length > 0 && (list[list.length - 1] as Entry).position + (list[list.length - 1] as Entry).bytes.length > size) this.kill(list.pop() as Entry);
    if (list.length === 0) this.byOwner.delete(owner);
  }

  /** `owner`'s file is closed or deleted. */
  forget(owner: object): void {
    const list = this.byOwner.get(owner);
    if (!list) return;
    for (const e of list) this.kill(e);
    this.byOwner.delete(owner);
  }

  private kill(e: Entry): void {
    if (e.dead) return;
    e.dead = true;
    e.bytes = EMPTY;
    this.total -= e.charge;
    this.live--;
  }

  private evictOldest(): void {
    while (this.head < this.fifo.length) {
      const e = this.fifo[this.head++] as Entry;
      if (e.dead) continue;
      // Appends are added in file order, so the oldest live entry overall is its owner's first.
      const list = this.byOwner.get(e.owner) as Entry[];
      list.shift();
      if (list.length === 0) this.byOwner.delete(e.owner);
      this.kill(e);
      break;
    }
  }

  /** Evicted entries leave the queue's front, and dropped ones (truncations drop from its middle) once they outnumber the live ones. */
  private compact(): void {
    const queued = this.fifo.length - this.head;
    if (queued <= 2 * this.live + 1024 && (this.head <= 1024 || this.head * 2 <= this.fifo.length)) return;
    this.fifo = this.fifo.slice(this.head).filter((e) => !e.dead);
    this.head = 0;
  }
}
