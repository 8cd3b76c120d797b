import type { LogBatch } from '@orderlab/raft';
import { batchContent, type BatchFact } from './batch-content';
import { InvariantViolation } from './invariants';
import { TAGGED_RECORDS, type RecordScheme } from './record-scheme';
import type { Rng } from './rng';
import type { SimNode } from './sim-node';

/**
 * A client proposing batches of uniquely named records. A proposal is acknowledged when the node
 * that accepted it applies it at the offset and epoch it was given (as the controller acks its
 * caller once the record is committed). Nothing is ever re-proposed, so every id may appear at
 * most once in the committed log.
 */
export class Workload {
  private next = 0;
  private readonly pending = new Map<string, { id: string; content: string }>();
  readonly acked = new Set<string>();
  proposed = 0;
  rejected = 0;
  private leaderHint = -1;

  constructor(
    private readonly rng: Rng,
    private readonly maxRecords: number,
    private readonly scheme: RecordScheme = TAGGED_RECORDS,
  ) {}

  /** Records for proposal `id` on `node`: `count` of them, or as many as the scheme draws. */
  recordsFor(id: string, node: SimNode, count?: number): Buffer[] {
    return this.scheme.make(id, node, this.rng, this.maxRecords, count);
  }

  /** Proposes on the hinted leader most of the time, on a random live node otherwise. */
  proposeOn(nodes: readonly SimNode[]): void {
    const live = nodes.filter((n) => n.up);
    if (live.length === 0) return;
    const hinted = live.find((n) => n.id === this.leaderHint);
    const node = hinted && this.rng.chance(0.8) ? hinted : this.rng.pick(live);
    const id = `p${this.next++}`;
    this.propose(node, id, this.recordsFor(id, node));
  }

  /** Proposes on `node` and returns the id (used by the liveness probe as well). */
  propose(node: SimNode, id: string, records: Buffer[]): void {
    const incarnation = node.incarnation;
    node.input(() => {
      if (node.incarnation !== incarnation) return;
      const r = node.raft.propose(records);
      if (!r.ok) {
        this.rejected++;
        if (r.error.code === 'NOT_LEADER') this.leaderHint = r.error.leaderId;
        return;
      }
      this.proposed++;
      this.leaderHint = node.id;
      const content = batchContent({ baseOffset: r.value.baseOffset, epoch: r.value.epoch, records, control: false });
      this.pending.set(`${node.id}:${node.incarnation}:${r.value.baseOffset}:${r.value.epoch}`, { id, content });
    });
  }

  onApply(node: SimNode, batch: LogBatch): void {
    if (batch.control) return;
    const key = `${node.id}:${node.incarnation}:${batch.baseOffset}:${batch.epoch}`;
    const p = this.pending.get(key);
    if (!p) return;
    this.pending.delete(key);
    if (p.content === batchContent(batch)) this.acked.add(p.id);
  }

  /** Counts over the committed log: no id twice, none unknown, every acknowledged one present. */
  verifyCommitted(committed: readonly BatchFact[]): { ids: number } {
    const seen = new Set<string>();
    for (const fact of committed) {
      if (fact.control) continue;
      for (const id of new Set(this.scheme.idsOf(fact.records))) {
        if (seen.has(id)) throw new InvariantViolation('NoDuplicates', `proposal ${id} committed twice`);
        if (!/^p\d+$/.test(id) || Number(id.slice(1)) >= this.next) throw new InvariantViolation('NoPhantoms', `committed ${id} was never proposed`);
        seen.add(id);
      }
    }
    const missing = [...this.acked].filter((id) => !seen.has(id));
    if (missing.length > 0) throw new InvariantViolation('AckedNotLost', `${missing.length} acknowledged proposals missing, e.g. ${missing.slice(0, 5).join(', ')}`);
    return { ids: seen.size };
  }

  newId(): string {
    return `p${this.next++}`;
  }
}
