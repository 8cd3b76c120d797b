/** A record as a consumer service sees it, whatever client library delivered it. */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
}

export interface TopicPartitionOffset {
  readonly topic: string;
  readonly partition: number;
  /** The next offset to read (Kafka's committed-offset meaning). */
  readonly offset: number;
}

/** The next offset to read after each partition's last record in `records`. */
export function nextOffsets(records: readonly ConsumedRecord[]): TopicPartitionOffset[] {
  const last = new Map<string, TopicPartitionOffset>();
  for (const r of records) last.set(`${r.topic}/${r.partition}`, { topic: r.topic, partition: r.partition, offset: r.offset + 1 });
  return [...last.values()];
}
