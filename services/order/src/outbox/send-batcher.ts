/** What a caller learns by its deadline. */
export type SubmitAnswer<R> =
  /** Sent and acknowledged. */
  | { readonly kind: 'done'; readonly result: R }
  /** On its way when the deadline passed: it will be sent (retried until acknowledged); `settled` resolves then. */
  | { readonly kind: 'pending'; readonly settled: Promise<R> }
  /** Still queued at the deadline: taken out, it will never be sent. */
  | { readonly kind: 'cancelled' };

export class QueueFullError extends Error {}

export interface SendSteps<T, R> {
  /** Runs once per batch before its first send (the order service records the orders there); a failure fails the batch, unsent. */
  prepare(items: T[]): Promise<void>;
  /** One send of the whole batch; a rejection means its outcome is unknown, and it is sent again. */
  send(items: T[]): Promise<R[]>;
  /**
   * After the batch's send was acknowledged, before its items are answered (the order service
   * records where they landed there). It runs while the next batch is prepared and sent: a
   * send waits only for the previous send. It should not fail; if it does, the items are
   * answered all the same (they were acknowledged).
   */
  acknowledged?(items: T[], results: R[]): Promise<void>;
  /** After a failed send, before the next attempt. */
  retryDelayMs(attempt: number, error: unknown): number;
}

type Phase = 'queued' | 'preparing' | 'sending' | 'settled';

class Entry<T, R> {
  phase: Phase = 'queued';
  readonly prepared: Promise<void>;
  readonly settled: Promise<R>;
  markPrepared!: (error?: unknown) => void;
  settle!: (r: R) => void;

  constructor(readonly item: T) {
    this.prepared = new Promise<void>((resolve, reject) => (this.markPrepared = (e) => (e === undefined ? resolve() : reject(e))));
    this.prepared.catch(() => undefined);
    this.settled = new Promise<R>((resolve) => (this.settle = resolve));
  }
}

/**
 * Gathers concurrent submissions into one send. While a send is in flight, new items queue
 * up and go out together when it returns (kafkajs's idempotent producer allows one request
 * in flight, so this is where throughput comes from); the acknowledged batch's last step
 * (`acknowledged`) overlaps the next batch's prepare and send. The queue is bounded. An item is
 * cancellable only while queued; once its batch is prepared it is sent until acknowledged,
 * however many attempts that takes, so a deadline can answer "cancelled" or "pending" and
 * both stay true.
 */
export class SendBatcher<T, R> {
  private queue: Array<Entry<T, R>> = [];
  /** The batch being prepared or sent: the next one is taken from the queue when its send is acknowledged. */
  private inFlight: Promise<void> | null = null;
  /** Acknowledged batches whose `acknowledged` step has not finished yet. */
  private readonly finishing = new Set<Promise<void>>();
  private sending = 0;
  private timer: NodeJS.Timeout | null = null;
  private closing = false;

  constructor(
    private readonly steps: SendSteps<T, R>,
    private readonly o: { readonly lingerMs: number; readonly maxQueued: number; readonly maxBatch?: number },
  ) {}

  get queued(): number {
    return this.queue.length;
  }

  /** Items taken from the queue and not yet answered: being prepared, sent, or through `acknowledged`. */
  get unacknowledged(): number {
    return this.sending;
  }

  /** Rejects with QueueFullError when the queue is full, or with prepare()'s error. */
  submit(item: T, deadlineMs: number): Promise<SubmitAnswer<R>> {
    if (this.closing) return Promise.reject(new QueueFullError('shutting down'));
    if (this.queue.length >= this.o.maxQueued) return Promise.reject(new QueueFullError(`${this.queue.length} orders are waiting to be sent`));
    const entry = new Entry<T, R>(item);
    this.queue.push(entry);
    this.schedule();
    return new Promise<SubmitAnswer<R>>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (entry.phase === 'queued') {
          this.queue = this.queue.filter((e) => e !== entry);
          return resolve({ kind: 'cancelled' });
        }
        entry.prepared.then(() => resolve({ kind: 'pending', settled: entry.settled }), reject);
      }, deadlineMs);
      entry.prepared.catch((e: unknown) => {
        clearTimeout(timer);
        reject(e);
      });
      void entry.settled.then((result) => {
        clearTimeout(timer);
        resolve({ kind: 'done', result });
      });
    });
  }

  /** Stop taking items, and wait until what was taken is sent and answered or `deadlineMs` passed; returns how many batches are still unanswered. */
  async close(deadlineMs: number): Promise<number> {
    this.closing = true;
    const deadline = Date.now() + deadlineMs;
    while ((this.inFlight || this.queue.length > 0 || this.finishing.size > 0) && Date.now() < deadline) {
      if (!this.inFlight) this.flush();
      await Promise.race([this.inFlight ?? Promise.race(this.finishing), new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())))]);
    }
    return this.queue.length + (this.inFlight ? 1 : 0) + this.finishing.size;
  }

  private schedule(): void {
    if (this.inFlight || this.timer) return;
    if (this.o.lingerMs === 0) return this.flush();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.o.lingerMs);
  }

  private flush(): void {
    if (this.inFlight || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.o.maxBatch ?? 1000);
    this.inFlight = this.run(batch).finally(() => {
      this.inFlight = null;
      this.schedule();
    });
  }

  private async run(batch: Array<Entry<T, R>>): Promise<void> {
    this.sending += batch.length;
    let results: R[] | null = null;
    try {
      results = await this.prepareAndSend(batch);
    } finally {
      if (results === null) this.sending -= batch.length;
    }
    if (results !== null) this.finish(batch, results);
  }

  /** The acknowledged batch's last step, then its answers; meanwhile the next batch goes ahead. */
  private finish(batch: Array<Entry<T, R>>, results: R[]): void {
    const items = batch.map((e) => e.item);
    const done = Promise.resolve()
      .then(() => this.steps.acknowledged?.(items, results))
      .catch(() => undefined)
      .then(() => {
        this.sending -= batch.length;
        batch.forEach((e, i) => {
          e.phase = 'settled';
          e.settle(results[i] as R);
        });
      })
      .finally(() => this.finishing.delete(done));
    this.finishing.add(done);
  }

  /** The batch's results once a send was acknowledged; null when its prepare failed or a shutdown cut its retries short. */
  private async prepareAndSend(batch: Array<Entry<T, R>>): Promise<R[] | null> {
    const items = batch.map((e) => e.item);
    for (const e of batch) e.phase = 'preparing';
    try {
      await this.steps.prepare(items);
    } catch (error) {
      for (const e of batch) e.markPrepared(error ?? new Error('prepare failed'));
      return null;
    }
    for (const e of batch) {
      e.phase = 'sending';
      e.markPrepared();
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.steps.send(items);
      } catch (error) {
        // Shutting down: what is left is recorded as unresolved and sent again by the next start.
        if (this.closing && attempt > 1) return null;
        await new Promise((r) => setTimeout(r, this.steps.retryDelayMs(attempt, error)));
      }
    }
  }
}
