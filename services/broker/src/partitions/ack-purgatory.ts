/** How an acks=all wait ended: 0, NOT_ENOUGH_REPLICAS_AFTER_APPEND, NOT_LEADER_OR_FOLLOWER, … */
export type AckResult = number;

interface Waiter {
  readonly requiredOffset: number;
  readonly minIsr: number;
  readonly resolve: (code: AckResult) => void;
}

const NOT_ENOUGH_REPLICAS_AFTER_APPEND = 20;

/**
 * acks=all produce requests waiting for the high watermark (Kafka's DelayedProduce purgatory),
 * one per partition, keyed by the offset the high watermark must reach. Appends happen in
 * offset order, so waiters arrive in order and completion pops from the front: a high-watermark
 * move costs the waiters it completes. Timeouts are the produce handler's (one timer per
 * request, not per partition).
 */
export class AckPurgatory {
  private waiters: Waiter[] = [];
  private head = 0;

  get size(): number {
    return this.waiters.length - this.head;
  }

  /** Resolves once the high watermark reaches `requiredOffset` (or the wait is failed). */
  wait(requiredOffset: number, minIsr: number): Promise<AckResult> {
    return new Promise((resolve) => this.waiters.push({ requiredOffset, minIsr, resolve }));
  }

  /**
   * The high watermark is now `hw` with `isrSize` in-sync replicas: complete every waiter it
   * passed — with NOT_ENOUGH_REPLICAS_AFTER_APPEND when the ISR shrank below its
   * min.insync.replicas meanwhile (Kafka's rule: the write is in the log, but not as safe as asked).
   */
  complete(hw: number, isrSize: number): void {
    while (this.head < this.waiters.length) {
      const w = this.waiters[this.head] as Waiter;
      if (w.requiredOffset > hw) break;
      this.head++;
      w.resolve(isrSize < w.minIsr ? NOT_ENOUGH_REPLICAS_AFTER_APPEND : 0);
    }
    this.compact();
  }

  /** Leadership moved or the partition closes: every waiter gets `code`. */
  failAll(code: AckResult): void {
    const pending = this.waiters.slice(this.head);
    this.waiters = [];
    this.head = 0;
    for (const w of pending) w.resolve(code);
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.waiters.length) {
      this.waiters = this.waiters.slice(this.head);
      this.head = 0;
    }
  }
}
