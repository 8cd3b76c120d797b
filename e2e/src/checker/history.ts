/**
 * The history of a fault run, as the checker reads it (Jepsen's queue workload, reduced to what a
 * Kafka partition promises): every send attempt with its outcome, everything a fresh consumer
 * read back afterwards, and each broker's own log files with the partition's high watermark and
 * ISR at the end.
 */

/** The broker's answer to one send: acknowledged at an offset, or an error as the client saw it. */
export type SendOutcome =
  | { readonly ok: true; readonly offset: number }
  | { readonly ok: false; readonly error: string; readonly retriable: boolean };

export interface SendRecord {
  /** Unique per record; it is the record's value, so the read side finds it again. */
  readonly id: string;
  readonly key: string;
  readonly partition: number;
  /** One producer session (one kafkajs producer); per-key order is promised within a session. */
  readonly session: string;
  /** Send order within the session: smaller was handed to the client first. */
  readonly seq: number;
  readonly sentAt: number;
  readonly doneAt: number;
  readonly outcome: SendOutcome;
}

/** One record as a consumer read it back. */
export interface ReadRecord {
  readonly id: string;
  readonly key: string;
  readonly partition: number;
  readonly offset: number;
}

/** One batch as stored in one broker's partition files. */
export interface StoredBatch {
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly bytes: Buffer;
}

/** One replica of one partition: the batches read straight from that broker's data dir. */
export interface ReplicaLog {
  readonly brokerId: number;
  readonly partition: number;
  readonly batches: readonly StoredBatch[];
}

/** A partition's state when the run ended: the leader's high watermark and the committed ISR. */
export interface PartitionState {
  readonly partition: number;
  readonly highWatermark: number;
  readonly isr: readonly number[];
}

export interface History {
  readonly sends: readonly SendRecord[];
  readonly reads: readonly ReadRecord[];
  readonly replicas?: readonly ReplicaLog[];
  readonly partitions?: readonly PartitionState[];
}

export type ViolationKind =
  /** Acknowledged, never read back (Jepsen's lost-write / unseen). */
  | 'lost'
  /** Read back more than once (an idempotent producer promises once). */
  | 'duplicate'
  /** Read back at another partition or offset than the broker acknowledged (inconsistent offsets). */
  | 'wrong-offset'
  /** Two records of one key and one session read back in another order than they were sent. */
  | 'key-order'
  /** The producer saw an error it may not retry: the broker must only ever answer retriable ones. */
  | 'non-retriable-error'
  /** Two in-sync replicas hold different bytes (or one holds none) below the high watermark. */
  | 'replica-divergence'
  /** A record read back that no producer sent. */
  | 'unknown-record';

export interface Violation {
  readonly kind: ViolationKind;
  readonly detail: string;
  readonly id?: string;
  readonly partition?: number;
}

export interface CheckReport {
  readonly violations: readonly Violation[];
  readonly counts: {
    readonly sent: number;
    readonly acknowledged: number;
    readonly failed: number;
    readonly read: number;
    readonly byKind: Readonly<Record<ViolationKind, number>>;
  };
}
