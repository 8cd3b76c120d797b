import { batchEndOffset, type LogBatch, type RaftStorage } from '@orderlab/raft';

/** A batch's identity for comparisons: kind and record bytes. */
export function batchContent(b: LogBatch): string {
  return (b.control ? 'C' : 'D') + b.records.map((r) => r.toString('latin1')).join('\u0000');
}

export interface BatchFact {
  readonly baseOffset: number;
  readonly end: number;
  readonly epoch: number;
  readonly content: string;
  readonly control: boolean;
  /** The batch's records (shared, never mutated), for the final count of proposals. */
  readonly records: readonly Buffer[];
}

export const factOf = (b: LogBatch): BatchFact => ({ baseOffset: b.baseOffset, end: batchEndOffset(b), epoch: b.epoch, content: batchContent(b), control: b.control, records: b.records });

/** Does this log hold the batch (or a snapshot past it, which only covers committed state)? */
export function logHolds(storage: RaftStorage, fact: BatchFact): boolean {
  if (storage.firstOffset() > fact.baseOffset) return (storage.snapshot()?.endOffset ?? 0) >= fact.end;
  const found = storage.batches(fact.baseOffset, fact.end, 1);
  if (!found.ok || found.value.length !== 1) return false;
  const b = found.value[0]!;
  return b.epoch === fact.epoch && batchContent(b) === fact.content;
}
