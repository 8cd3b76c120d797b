import { RaftNode, type LogBatch, type RaftConfigInput, type RaftMessage, type RaftRole, type Ready } from '@orderlab/raft';
import { factOf, type BatchFact } from './batch-content';
import type { NodeView } from './invariants';
import { SimDisk } from './sim-disk';
import type { StateMachine } from './state-machine';

/** What a node's driver needs from the world around it. */
export interface NodeHost {
  readonly now: () => number;
  /** Runs `fn` for this node after `delayMs`, unless the node has crashed since (incarnation changed). */
  readonly later: (node: SimNode, delayMs: number, label: string, fn: () => void) => void;
  readonly send: (message: RaftMessage) => void;
  readonly onAppend: (node: SimNode, batches: readonly LogBatch[], previousEpoch: number | undefined) => void;
  readonly onApply: (node: SimNode, batch: LogBatch) => void;
  readonly onSnapshotInstalled: (node: SimNode) => void;
  readonly onTruncate: () => void;
  readonly onSnapshotTaken: () => void;
}

export interface DriverOptions {
  /** The bug the Ready contract forbids: send messages before the fsync returns. */
  readonly sendBeforePersist: boolean;
  readonly fsyncDelayMs: () => number;
  /** Snapshot and compact after this many applied offsets (0: never). */
  readonly snapshotEveryOffsets: number;
}

/**
 * One simulated controller process: a RaftNode, its disk and state machine, and the driver loop
 * of the Ready contract — write, fsync (takes simulated time), send, apply, advance. Inputs
 * arriving while a Ready is in flight are queued, as a real driver would.
 */
export class SimNode implements NodeView {
  incarnation = 0;
  up = true;
  paused = false;
  raft!: RaftNode;
  readonly disk = new SimDisk();
  sm!: StateMachine;
  lastApplied: BatchFact | undefined;
  private lastAppliedEpoch = 0;
  private snapshotEnd = 0;
  private busy = false;
  private queued: Array<() => void> = [];

  constructor(
    readonly id: number,
    readonly tickMs: number,
    private readonly host: NodeHost,
    private readonly options: DriverOptions,
    private readonly makeConfig: (node: SimNode) => RaftConfigInput,
    private readonly makeMachine: () => StateMachine,
  ) {
    this.boot();
  }

  get role(): RaftRole {
    return this.raft.role;
  }

  get epoch(): number {
    return this.raft.epoch;
  }

  get highWatermark(): number {
    return this.raft.highWatermark;
  }

  get log() {
    return this.disk.visible;
  }

  /** A fresh process over whatever the disk kept. */
  private boot(): void {
    this.sm = this.makeMachine();
    const snapshot = this.disk.visible.snapshot();
    if (snapshot) this.sm.restore(snapshot.bytes);
    this.snapshotEnd = snapshot?.endOffset ?? 0;
    this.lastAppliedEpoch = snapshot?.epoch ?? 0;
    this.lastApplied = undefined;
    this.busy = false;
    this.queued = [];
    this.raft = new RaftNode(this.makeConfig(this));
    this.pump();
  }

  crash(lostWrites: (disk: SimDisk) => number): number {
    this.up = false;
    this.paused = false;
    this.incarnation++;
    return lostWrites(this.disk);
  }

  restart(): void {
    this.up = true;
    this.incarnation++;
    this.boot();
  }

  /** Feeds an input now, or after the Ready in flight (the contract forbids calls in between). Queued inputs see the node as it is when they run: a restart in between discards them. */
  input(fn: () => void): void {
    if (this.busy) {
      this.queued.push(fn);
      return;
    }
    fn();
    this.pump();
  }

  /** Takes the next Ready, writes it, and waits for the fsync. */
  private pump(): void {
    if (this.busy || !this.raft.hasReady()) return;
    const ready = this.raft.ready();
    const previousEpoch = ready.entries.length > 0 ? this.epochBefore(ready) : undefined;
    this.disk.writeReady(ready);
    if (ready.truncateTo !== undefined) this.host.onTruncate();
    if (ready.entries.length > 0) this.host.onAppend(this, ready.entries, previousEpoch);
    if (this.options.sendBeforePersist) for (const m of ready.messages) this.host.send(m);
    this.busy = true;
    this.host.later(this, this.options.fsyncDelayMs(), 'fsync', () => this.persisted(ready));
  }

  private epochBefore(ready: Ready): number | undefined {
    const first = ready.entries[0]!.baseOffset;
    if (first === 0) return undefined;
    const e = this.disk.visible.epochOf(first - 1);
    return e.ok ? e.value : undefined;
  }

  private persisted(ready: Ready): void {
    this.disk.fsync();
    if (!this.options.sendBeforePersist) for (const m of ready.messages) this.host.send(m);
    if (ready.snapshot) {
      this.sm.restore(ready.snapshot.bytes);
      this.snapshotEnd = ready.snapshot.endOffset;
      this.lastAppliedEpoch = ready.snapshot.epoch;
      this.lastApplied = undefined;
      this.host.onSnapshotInstalled(this);
    }
    for (const batch of ready.committed) this.apply(batch);
    this.raft.advance();
    this.busy = false;
    this.maybeSnapshot();
    // Everything that queued up during the fsync goes into the next Ready: one fsync for all
    // of it (group commit), as the controller's driver batches.
    const queued = this.queued;
    this.queued = [];
    for (const fn of queued) fn();
    this.pump();
  }

  private apply(batch: LogBatch): void {
    this.sm.apply(batch);
    this.lastApplied = factOf(batch);
    this.lastAppliedEpoch = batch.epoch;
    this.host.onApply(this, batch);
  }

  private maybeSnapshot(): void {
    const every = this.options.snapshotEveryOffsets;
    const applied = this.lastApplied?.end ?? 0;
    if (every <= 0 || applied - this.snapshotEnd < every) return;
    const snapshot = { endOffset: applied, epoch: this.lastAppliedEpoch, bytes: this.sm.snapshot() };
    if (!this.raft.snapshotCreated(snapshot).ok) return;
    this.snapshotEnd = applied;
    this.disk.saveSnapshotAndCompact(snapshot);
    this.host.onSnapshotTaken();
  }

  /** Where the state machine is: everything below was applied (or came in a snapshot). */
  appliedEnd(): number {
    return Math.max(this.lastApplied?.end ?? 0, this.snapshotEnd);
  }
}
