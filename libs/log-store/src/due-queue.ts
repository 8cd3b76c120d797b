/**
 * Keys due at a time, cheapest first: what the store's timers use so that a tick costs
 * the work that is due, not a walk over every partition. A key holds one due time; setting
 * it again replaces it (the old heap entry is skipped when it surfaces).
 */
export class DueQueue<K> {
  private readonly heap: Array<{ at: number; key: K }> = [];
  private readonly dueAt = new Map<K, number>();

  get size(): number {
    return this.dueAt.size;
  }

  set(key: K, at: number): void {
    if (this.dueAt.get(key) === at) return;
    this.dueAt.set(key, at);
    this.push({ at, key });
    if (this.heap.length > 4 * this.dueAt.size + 64) this.compact();
  }

  /** Schedule `key` at `at` unless it is already due earlier. */
  setEarliest(key: K, at: number): void {
    const current = this.dueAt.get(key);
    if (current === undefined || at < current) this.set(key, at);
  }

  delete(key: K): void {
    this.dueAt.delete(key);
  }

  /** Remove and return every key due at or before `now`. */
  popDue(now: number): K[] {
    const out: K[] = [];
    while (this.heap.length > 0 && (this.heap[0] as { at: number }).at <= now) {
      const top = this.pop();
      if (this.dueAt.get(top.key) !== top.at) continue; // replaced or deleted since
      this.dueAt.delete(top.key);
      out.push(top.key);
    }
    return out;
  }

  /** Drop heap entries that were replaced or deleted, so the heap stays proportional to the scheduled keys. */
  private compact(): void {
    const live = [...this.dueAt].map(([key, at]) => ({ at, key }));
    this.heap.length = 0;
    for (const e of live) this.push(e);
  }

  private push(e: { at: number; key: K }): void {
    const h = this.heap;
    h.push(e);
    for (let i = h.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if ((h[parent] as { at: number }).at <= e.at) break;
      h[i] = h[parent] as { at: number; key: K };
      h[parent] = e;
      i = parent;
    }
  }

  private pop(): { at: number; key: K } {
    const h = this.heap;
    const top = h[0] as { at: number; key: K };
    const last = h.pop() as { at: number; key: K };
    if (h.length === 0) return top;
    h[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && (h[l] as { at: number }).at < (h[m] as { at: number }).at) m = l;
      if (r < h.length && (h[r] as { at: number }).at < (h[m] as { at: number }).at) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m] as { at: number; key: K }, h[i] as { at: number; key: K }];
      i = m;
    }
    return top;
  }
}
