import type { CrashPoint } from './delivery-config';

/**
 * Fault injection for the demo and the tests: at the configured point, on every n-th
 * message (or, with a seed, on a pseudo-random ~1/n of them), the process kills itself
 * (the caller passes in SIGKILL). Off unless configured.
 */
export class CrashInjector {
  private seen = 0;
  private rng: number;

  constructor(
    private readonly config: { point: CrashPoint; every: number; seed: number | null } | null,
    private readonly kill: (reason: string) => void,
  ) {
    this.rng = (config?.seed ?? 1) >>> 0 || 1;
  }

  /** Called at each crash point for each message; kills when this is the chosen message. */
  at(point: CrashPoint, describe: () => string): void {
    if (!this.config || this.config.point !== point) return;
    this.seen++;
    if (this.shouldCrash()) this.kill(`CRASH_POINT=${point} on message ${this.seen} (${describe()})`);
  }

  private shouldCrash(): boolean {
    const every = this.config?.every ?? 0;
    if (this.config?.seed === null || this.config?.seed === undefined) return this.seen % every === 0;
    // xorshift32: reproducible from the seed
    this.rng ^= this.rng << 13;
    this.rng ^= this.rng >>> 17;
    this.rng ^= this.rng << 5;
    return (this.rng >>> 0) % every === 0;
  }
}
