/** A record as a consumer service sees it, whatever client library delivered it. */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** The record's Kafka timestamp (CreateTime: when the producer made it), ms since epoch. */
  readonly timestampMs: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
}

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

export interface TopicPartitionOffset extends TopicPartition {
  /** The next offset to read (Kafka's committed-offset meaning). */
  readonly offset: number;
}

/** One fetch's records of one partition, in offset order. */
export interface PartitionBatch extends TopicPartition {
  /**
   * The offset the batch was fetched from. No record this consumer can see lies between it
   * and the first record (offsets in between, if any, are control records or were removed).
   */
  readonly fetchedOffset: number;
  readonly records: readonly ConsumedRecord[];
}

/** The next offset to read after each partition's last record in `records`. */
export function nextOffsets(records: readonly ConsumedRecord[]): TopicPartitionOffset[] {
  const last = new Map<string, TopicPartitionOffset>();
  for (const r of records) last.set(tpKey(r), { topic: r.topic, partition: r.partition, offset: r.offset + 1 });
  return [...last.values()];
}

/** Just the topic and partition of a record or batch (for logs and keys: never the records themselves). */
export function tpOf(x: TopicPartition): TopicPartition {
  return { topic: x.topic, partition: x.partition };
}

export function tpKey(tp: TopicPartition): string {
  return `${tp.topic}-${tp.partition}`;
}
