/**
 * Outstanding requests of one kind, at most one per destination. Requests that get no answer
 * within the timeout are due again; answers are matched by requestId so stale or duplicated
 * responses are recognised.
 */
export class RequestTracker {
  private readonly outstanding = new Map<number, { requestId: number; sentAt: number }>();
  private readonly done = new Set<number>();

  constructor(private readonly destinations: readonly number[]) {}

  sent(destination: number, requestId: number, now: number): void {
    this.outstanding.set(destination, { requestId, sentAt: now });
  }

  /** True when `requestId` is the outstanding request to `from`; it is then settled. */
  settle(from: number, requestId: number): boolean {
    const o = this.outstanding.get(from);
    if (!o || o.requestId !== requestId) return false;
    this.outstanding.delete(from);
    return true;
  }

  /** `destination` needs no more requests (it answered for good). */
  complete(destination: number): void {
    this.done.add(destination);
    this.outstanding.delete(destination);
  }

  /** Retry `destination` no earlier than `at` (a backoff after an error answer). */
  retryAt(destination: number, at: number, timeoutTicks: number): void {
    this.outstanding.set(destination, { requestId: -1, sentAt: at - timeoutTicks });
  }

  /** Destinations to (re)send to: never sent, or timed out, and not complete. */
  due(now: number, timeoutTicks: number): number[] {
    return this.destinations.filter((d) => {
      if (this.done.has(d)) return false;
      const o = this.outstanding.get(d);
      return !o || now - o.sentAt >= timeoutTicks;
    });
  }

  pending(): number[] {
    return this.destinations.filter((d) => !this.done.has(d));
  }
}
