/** Kafka's defaults (retention.ms and segment.ms, 7 days each): the window until the topic's own settings are known. */
export const DEFAULT_TOPIC_RETENTION_MS = 7 * 24 * 3600_000;
export const DEFAULT_TOPIC_SEGMENT_MS = 7 * 24 * 3600_000;

/** How long a topic keeps a record readable: retention deletes a segment once its newest record is older than retention.ms, and a segment rolls at segment.ms at the latest. */
export interface TopicRetention {
  readonly retentionMs: number;
  readonly segmentMs: number;
}

/**
 * How long a consumer remembers the order ids it applied. A record can be delivered again
 * only while Kafka still holds it: up to retention.ms + segment.ms after it was written (a
 * record outlives that only in a partition's active segment while nothing new arrives,
 * since the active segment is never deleted; it is delivered again then only by a
 * deliberate offset reset). Remembering ids longer buys nothing; forever grows without bound.
 */
export class DedupeWindow {
  private readable = DEFAULT_TOPIC_RETENTION_MS + DEFAULT_TOPIC_SEGMENT_MS;

  /** DEDUPE_WINDOW_MS, when set, wins over the topic's settings. */
  constructor(private readonly overrideMs: number | undefined) {}

  get ms(): number {
    return this.overrideMs ?? this.readable;
  }

  /** The topic's settings as the broker reports them; infinite retention (-1) keeps the default and says so. */
  learn(t: TopicRetention): string {
    if (t.retentionMs < 0) return `the topic keeps records forever (retention.ms=-1): order ids are remembered ${this.ms} ms; set DEDUPE_WINDOW_MS to cover the replays you plan`;
    this.readable = t.retentionMs + t.segmentMs;
    return this.overrideMs === undefined
      ? `order ids are remembered ${this.ms} ms: the topic's retention.ms=${t.retentionMs} + segment.ms=${t.segmentMs}`
      : `order ids are remembered ${this.ms} ms (DEDUPE_WINDOW_MS; the topic keeps records ${this.readable} ms)`;
  }
}
