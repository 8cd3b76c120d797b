import type { ConsumedRecord, PartitionBatch, TopicPartition, TopicPartitionOffset } from './consumed-record';

/** What the delivery logic may do while it works on one batch. */
export interface BatchControl {
  /** Keeps the group membership alive during long work (sent only when the interval is due); rejects when the group rebalances. */
  heartbeat(): Promise<void>;
  /** False once the consumer stops or the partition was sought elsewhere: stop working on this batch. */
  isActive(): boolean;
  /** Everything up to `offset` is done: the next fetch of this partition starts after it. */
  resolve(offset: number): void;
}

export type ConsumerState = 'starting' | 'running' | 'restarting' | 'stopped';

export interface ConsumerStatus {
  readonly state: ConsumerState;
  /** Why it is not running, when it is not. */
  readonly reason: string | null;
  /** When the client last fetched, heartbeated or handed over a batch (ms since epoch). */
  readonly lastActivityMs: number;
}

/**
 * The small interface a consumer service keeps Kafka behind, so another client library
 * could replace kafkajs without touching the delivery logic.
 */
export interface EventConsumerPort {
  /**
   * Start consuming in the background; `onBatch` gets one partition's batch at a time. The
   * consumer keeps trying (with backoff) while the broker is unreachable, and starts again
   * after a crash of its loop; status() says what it is doing.
   */
  start(onBatch: (batch: PartitionBatch, control: BatchControl) => Promise<void>): void;
  /** Commit next-offsets to the group (for lag, and for resuming in the at-most/at-least-once modes). */
  commit(offsets: readonly TopicPartitionOffset[]): Promise<void>;
  /** Read `partition` from `offset` next; a batch being worked on becomes inactive. */
  seek(tp: TopicPartition, offset: number): void;
  /** The first offset the broker still retains (the log start offset). */
  earliestOffset(tp: TopicPartition): Promise<number>;
  /** Partitions assigned to this member now. */
  assigned(): readonly TopicPartition[];
  /** Called with the full assignment after every (re)join of the group. */
  onAssigned(listener: (partitions: readonly TopicPartition[]) => void): void;
  status(): ConsumerStatus;
  /** Leave the group cleanly. */
  stop(): Promise<void>;
}

/** Where events that fail validation go, with the reason, so they neither block a partition nor vanish. */
export interface DeadLetterPort {
  send(record: ConsumedRecord, reason: string): Promise<void>;
}
