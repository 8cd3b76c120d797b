import type { Logger } from '@orderlab/shared';

/** Exponential backoff between retries of one failing step: 100 ms doubling up to a cap. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly initialMs = 100,
    private readonly maxMs = 5000,
  ) {}

  next(): number {
    return Math.min(this.maxMs, this.initialMs * 2 ** this.attempt++);
  }

  reset(): void {
    this.attempt = 0;
  }
}

export interface CurrentFault {
  /** The step that fails, e.g. "apply orders-3@120 in Redis". */
  readonly what: string;
  readonly reason: string;
  readonly sinceMs: number;
  readonly attempts: number;
}

/**
 * The fault a consumer is riding out right now, if any: what /health reports as the reason it
 * is down. Logs the first failure, every tenth retry and the recovery, not every attempt.
 */
export class FaultState {
  private fault: CurrentFault | null = null;

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  get current(): CurrentFault | null {
    return this.fault;
  }

  failed(what: string, error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    const attempts = this.fault?.what === what ? this.fault.attempts + 1 : 1;
    this.fault = { what, reason, sinceMs: this.fault?.sinceMs ?? this.now(), attempts };
    if (attempts === 1 || attempts % 10 === 0) this.logger.warn({ what, reason, attempts }, `${what} failed (attempt ${attempts}), retrying with backoff: ${reason}`);
  }

  recovered(): void {
    if (!this.fault) return;
    const f = this.fault;
    this.fault = null;
    this.logger.info({ what: f.what, attempts: f.attempts, downMs: this.now() - f.sinceMs }, `${f.what} succeeded again after ${f.attempts} failed attempt(s)`);
  }
}

/** Thrown out of a batch's retry loop when the batch no longer matters (partition revoked or sought, consumer stopping). */
export class BatchAbandoned extends Error {
  constructor() {
    super('batch abandoned: the partition was revoked or sought, or the consumer is stopping');
  }
}
