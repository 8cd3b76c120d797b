import type { ConsumedRecord, TopicPartitionOffset } from './consumed-record';

/**
 * The small interface a consumer service keeps Kafka behind, so another client library
 * could replace kafkajs without touching the delivery logic.
 */
export interface EventConsumerPort {
  /** Start consuming; `onBatch` gets each partition's records in offset order, one batch at a time. */
  start(onBatch: (records: readonly ConsumedRecord[]) => Promise<void>): Promise<void>;
  /** Commit next-offsets to the group (for lag, and for resuming in the at-most/at-least-once modes). */
  commit(offsets: readonly TopicPartitionOffset[]): Promise<void>;
  /** Where to start reading newly assigned partitions, if the service keeps positions itself. */
  onAssignment(positions: (partitions: Array<{ topic: string; partition: number }>) => Promise<TopicPartitionOffset[]>): void;
  /** Leave the group cleanly. */
  stop(): Promise<void>;
}

/** Where events that fail validation go, with the reason, so they neither block a partition nor vanish. */
export interface DeadLetterPort {
  send(record: ConsumedRecord, reason: string): Promise<void>;
}
