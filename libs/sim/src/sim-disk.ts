import { MemoryStorage, type HardState, type LogBatch, type Ready, type Snapshot } from '@orderlab/raft';
import type { Rng } from './rng';

type DiskOp =
  | { readonly kind: 'hardState'; readonly hardState: HardState }
  | { readonly kind: 'installSnapshot'; readonly snapshot: Snapshot }
  | { readonly kind: 'truncate'; readonly offset: number }
  | { readonly kind: 'append'; readonly batch: LogBatch }
  | { readonly kind: 'saveSnapshot'; readonly snapshot: Snapshot }
  | { readonly kind: 'compact'; readonly offset: number };

function applyOp(storage: MemoryStorage, op: DiskOp): void {
  switch (op.kind) {
    case 'hardState':
      return storage.setHardState(op.hardState);
    case 'installSnapshot':
      return storage.installSnapshot(op.snapshot);
    case 'truncate':
      return storage.truncateTo(op.offset);
    case 'append':
      return storage.append([op.batch]);
    case 'saveSnapshot':
      return storage.saveSnapshot(op.snapshot);
    case 'compact':
      return storage.compact(op.offset);
  }
}

/**
 * A disk with a page cache: writes are visible at once (`visible`, what the running process
 * reads) but durable only after fsync(). A crash keeps a random prefix of the unsynced writes —
 * the OS may have flushed some — and loses the rest.
 */
export class SimDisk {
  visible = new MemoryStorage();
  private readonly durable = new MemoryStorage();
  private pending: DiskOp[] = [];

  /** Step 1 of the Ready contract, in its order; one write per batch so a crash can tear between them. */
  writeReady(ready: Ready): void {
    if (ready.hardState) this.write({ kind: 'hardState', hardState: ready.hardState });
    if (ready.snapshot) this.write({ kind: 'installSnapshot', snapshot: ready.snapshot });
    if (ready.truncateTo !== undefined) this.write({ kind: 'truncate', offset: ready.truncateTo });
    for (const batch of ready.entries) this.write({ kind: 'append', batch });
  }

  saveSnapshotAndCompact(snapshot: Snapshot): void {
    this.write({ kind: 'saveSnapshot', snapshot });
    this.write({ kind: 'compact', offset: snapshot.endOffset });
  }

  hasUnsynced(): boolean {
    return this.pending.length > 0;
  }

  fsync(): void {
    for (const op of this.pending) applyOp(this.durable, op);
    this.pending = [];
  }

  /** Where the log ends on the platters, unsynced writes not counted. */
  durableEndOffset(): number {
    return this.durable.endOffset();
  }

  /** Power loss: a random prefix of unsynced writes survives (none when `rng` is absent); returns how many were lost. */
  crash(rng: Rng | undefined): number {
    const kept = rng ? rng.int(0, this.pending.length) : 0;
    for (const op of this.pending.slice(0, kept)) applyOp(this.durable, op);
    const lost = this.pending.length - kept;
    this.pending = [];
    this.visible = this.durable.clone();
    return lost;
  }

  private write(op: DiskOp): void {
    applyOp(this.visible, op);
    this.pending.push(op);
  }
}
