/** Kafka's default log.retention.ms (7 days): the window until the topic's own setting is known. */
export const DEFAULT_TOPIC_RETENTION_MS = 7 * 24 * 3600_000;

/**
 * How long a consumer remembers the order ids it applied. A record can be delivered again
 * only while Kafka retains it, so the window is the topic's retention.ms plus a margin (a
 * partition's oldest segment outlives retention until the segment is deleted as a whole);
 * remembering ids longer buys nothing, and forever would grow without bound.
 */
export class DedupeWindow {
  private retentionMs = DEFAULT_TOPIC_RETENTION_MS;

  constructor(
    /** DEDUPE_WINDOW_MS, when set, wins over the topic's retention. */
    private readonly overrideMs: number | undefined,
    private readonly marginMs = 24 * 3600_000,
  ) {}

  get ms(): number {
    return this.overrideMs ?? this.retentionMs + this.marginMs;
  }

  /** The topic's retention.ms as the broker reports it; infinite (-1) keeps the default and says so. */
  learn(retentionMs: number): string {
    if (retentionMs < 0) return `the topic keeps records forever (retention.ms=-1): order ids are remembered ${this.ms} ms; set DEDUPE_WINDOW_MS to cover any replay you plan`;
    this.retentionMs = retentionMs;
    return `order ids are remembered ${this.ms} ms (the topic's retention.ms=${retentionMs}${this.overrideMs === undefined ? ' plus a margin' : ', overridden by DEDUPE_WINDOW_MS'})`;
  }
}
