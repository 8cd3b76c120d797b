/** Something whose loaded index can be dropped and loaded again on demand. */
export interface Evictable {
  /** Drop the loaded index; the next lookup loads it again from its file. */
  evictIndexes(): void;
}

/**
 * Bounds the memory that closed segments' indexes hold, store-wide: an index is loaded on
 * a segment's first lookup and the least recently used ones are dropped beyond the budget.
 * Active segments' indexes are not in here (they take every append).
 */
export class IndexCache {
  private readonly loaded = new Map<Evictable, number>();
  private total = 0;

  constructor(readonly capacityBytes: number) {}

  get bytes(): number {
    return this.total;
  }

  /** Record a use of `owner`'s indexes, now holding `bytes`; evicts others beyond the budget. */
  touch(owner: Evictable, bytes: number): void {
    this.total += bytes - (this.loaded.get(owner) ?? 0);
    this.loaded.delete(owner);
    this.loaded.set(owner, bytes); // re-inserted: the Map's order is the recency order
    for (const [other, size] of this.loaded) {
      if (this.total <= this.capacityBytes || other === owner) break;
      this.loaded.delete(other);
      this.total -= size;
      other.evictIndexes();
    }
  }

  forget(owner: Evictable): void {
    this.total -= this.loaded.get(owner) ?? 0;
    this.loaded.delete(owner);
  }
}
