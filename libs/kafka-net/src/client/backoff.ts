/** Reconnect backoff, as Kafka's reconnect.backoff.ms / reconnect.backoff.max.ms with ±jitter. */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
  /** Relative jitter, 0.2 = ±20% (Kafka's CommonClientConfigs uses 0.2). */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 50, maxMs: 1000, jitter: 0.2 };

/**
 * Delay before reconnect attempt number `failures` (1 = after the first failure): base · 2^(failures-1),
 * capped at max, then scaled by a factor in [1 - jitter, 1 + jitter) drawn from `random` ∈ [0, 1).
 * The cap applies after jitter too, so no delay ever exceeds maxMs. Pure: randomness is an input.
 */
export function reconnectDelayMs(failures: number, policy: BackoffPolicy, random: number): number {
  if (failures <= 0) return 0;
  const exponential = policy.baseMs * 2 ** Math.min(failures - 1, 30);
  const capped = Math.min(exponential, policy.maxMs);
  const jittered = capped * (1 - policy.jitter + 2 * policy.jitter * random);
  return Math.round(Math.min(jittered, policy.maxMs));
}
