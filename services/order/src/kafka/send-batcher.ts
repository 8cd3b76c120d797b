interface Waiting<T, R> {
  readonly item: T;
  resolve(r: R): void;
  reject(e: unknown): void;
}

/**
 * Gathers concurrent requests into one send. While a send is in flight, new items queue up
 * and go out together when it returns (kafkajs's idempotent producer allows one request in
 * flight, so this is where throughput comes from); `lingerMs` adds an optional wait.
 */
export class SendBatcher<T, R> {
  private queue: Array<Waiting<T, R>> = [];
  private inFlight: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly sendAll: (items: T[]) => Promise<R[]>,
    private readonly lingerMs: number,
    private readonly maxBatch = 1000,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves when nothing is queued or in flight. */
  async drain(): Promise<void> {
    while (this.inFlight || this.queue.length > 0) {
      if (!this.inFlight) this.flush();
      await this.inFlight;
    }
  }

  private schedule(): void {
    if (this.inFlight || this.timer) return;
    if (this.lingerMs === 0) return this.flush();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.lingerMs);
  }

  private flush(): void {
    if (this.inFlight || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.maxBatch);
    this.inFlight = this.sendAll(batch.map((w) => w.item))
      .then(
        (results) => batch.forEach((w, i) => w.resolve(results[i] as R)),
        (err: unknown) => batch.forEach((w) => w.reject(err)),
      )
      .finally(() => {
        this.inFlight = null;
        this.schedule();
      });
  }
}
