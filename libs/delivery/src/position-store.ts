import type { ConsumedRecord, TopicPartition } from './consumed-record';

/**
 * What the exactly-once step answered for one record. The stored next position decides:
 * below it the record was applied already; past it records were skipped (the store lost
 * writes, or the consumer read from the wrong place) and must be read again first.
 */
export type GuardedOutcome =
  | { readonly kind: 'applied' }
  /** storedNext: the store's position, when the check was by offset (exactly-once). */
  | { readonly kind: 'duplicate'; readonly storedNext?: number }
  | { readonly kind: 'gap'; readonly storedNext: number }
  | { readonly kind: 'no-position' };

/** What a service's step did with one record; `invalid` records go to the dead-letter topic. */
export type ProcessOutcome = GuardedOutcome | { readonly kind: 'invalid'; readonly reason: string };

/**
 * Where a record sits for the exactly-once check: the record may be applied when the stored
 * next position lies in [allowFrom, offset] — allowFrom is the batch's fetch position for its
 * first record and the previous record's offset + 1 after that, so a position inside a hole
 * the broker legitimately left (control records) still counts as contiguous.
 */
export interface GuardSpan {
  readonly allowFrom: number;
}

/** The partition positions an exactly-once consumer keeps with its data: the source of truth for where to read. */
export interface PositionStore {
  read(tp: TopicPartition): Promise<number | null>;
  readAll(): Promise<Map<string, number>>;
  /** Store `offset` unless a position exists; returns the stored position either way. */
  initialise(tp: TopicPartition, offset: number): Promise<number>;
  /** Move a position from `from` to `to` if it is still `from` (records lost to retention). */
  advance(tp: TopicPartition, from: number, to: number): Promise<boolean>;
  /** Step past a record that will not be applied (dead-lettered), with the same check as an apply. */
  skip(record: ConsumedRecord, span: GuardSpan): Promise<GuardedOutcome>;
  /** Called after the store came back from a disconnection (it may have restarted and lost writes). */
  onReconnect(listener: () => void): void;
}
