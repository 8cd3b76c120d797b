import { performance } from 'node:perf_hooks';
import {
  RaftNode,
  type LogBatch,
  type ProposeError,
  type Proposed,
  type RaftMessage,
  type RaftStatus,
  type Ready,
} from '@orderlab/raft';
import type { Logger, Result } from '@orderlab/shared';
import { buildSnapshot, type MetadataState } from '../metadata/metadata-state';
import type { FileRaftStorage } from '../storage/file-raft-storage';
import type { RaftTiming } from './raft-timing';

/** A pause longer than this many ticks (SIGSTOP, a stalled disk) is logged when the process runs again. */
const LONG_PAUSE_TICKS = 50;
/** Ticks fed at once after a long pause, at most: enough for every timeout to expire. */
const MAX_CATCH_UP_TICKS = 100_000;

export interface DriverHooks {
  /** Send a message of a Ready: only called after that Ready is durable. */
  send(message: RaftMessage): void;
  /** A committed batch was applied to the metadata state. */
  onApplied(batch: LogBatch): void;
  /** After every handled Ready: role, epoch or high watermark may have moved. */
  afterReady(ready: Ready): void;
  /** Persisting failed: durability cannot be promised any more; the process must stop. */
  fatal(err: unknown): void;
}

export interface RaftDriverOptions {
  readonly nodeId: number;
  readonly voters: readonly number[];
  readonly storage: FileRaftStorage;
  readonly state: MetadataState;
  readonly timing: RaftTiming;
  readonly tickMs: number;
  readonly random: () => number;
  readonly now: () => number;
  readonly logger: Logger;
}

/**
 * The only place with timers: ticks the RaftNode on the wall clock and handles each Ready in the
 * contract's order — persist (hard state, snapshot, truncation, entries) and fsync, then send its
 * messages, then apply the committed batches to the metadata state (restoring a snapshot first),
 * then advance(). Persistence is synchronous, so nothing can reach the node between ready() and
 * advance(). Inputs (messages, proposals, ticks) arriving in the same turn of the event loop are
 * handled by one Ready: one fsync for all of them (group commit).
 */
export class RaftDriver {
  readonly raft: RaftNode;
  private timer: NodeJS.Timeout | undefined;
  private pumpScheduled = false;
  private startedAt = 0;
  private ticked = 0;
  private stopped = false;
  private snapshotting = false;

  constructor(
    private readonly o: RaftDriverOptions,
    private readonly hooks: DriverHooks,
  ) {
    const snapshot = o.storage.snapshot();
    if (snapshot) o.state.restore(snapshot);
    o.logger.info(
      { snapshotEndOffset: snapshot?.endOffset ?? 0, snapshotEpoch: snapshot?.epoch ?? 0, logStartOffset: o.storage.firstOffset(), logEndOffset: o.storage.endOffset() },
      'metadata loaded: the latest snapshot, then the log after it',
    );
    this.raft = new RaftNode({
      nodeId: o.nodeId,
      voters: o.voters,
      storage: o.storage,
      random: o.random,
      ...o.timing,
      appliedOffset: o.state.appliedEnd,
      logger: o.logger,
    });
  }

  start(): void {
    this.startedAt = performance.now();
    this.timer = setInterval(() => this.onTimer(), this.o.tickMs);
    this.schedulePump();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }

  /** A message from the network. */
  step(message: RaftMessage): void {
    if (this.stopped) return;
    this.raft.step(message);
    this.schedulePump();
  }

  /** Appends one batch on the leader (see RaftNode.propose); committed once the high watermark passes it. */
  propose(records: readonly Buffer[]): Result<Proposed, ProposeError> {
    const r = this.raft.propose(records);
    if (r.ok) this.schedulePump();
    return r;
  }

  status(): RaftStatus {
    return this.raft.status();
  }

  /** Wall-clock time of a core tick (DescribeQuorum's timestamps). */
  tickToWallMs(tick: number): number {
    if (tick < 0) return -1;
    return Math.round(this.o.now() - (this.raft.status().tick - tick) * this.o.tickMs);
  }

  get tickMs(): number {
    return this.o.tickMs;
  }

  /** Ticks owed by the wall clock; a process paused for seconds catches up at once, so its timeouts fire as real time says. */
  private onTimer(): void {
    const due = Math.floor((performance.now() - this.startedAt) / this.o.tickMs) - this.ticked;
    if (due <= 0) return;
    if (due > LONG_PAUSE_TICKS) this.o.logger.warn({ pausedMs: due * this.o.tickMs }, 'the process did not run for a while (paused or starved): catching up on raft time');
    const n = Math.min(due, MAX_CATCH_UP_TICKS);
    for (let i = 0; i < n; i++) this.raft.tick();
    this.ticked += due;
    this.pump();
  }

  private schedulePump(): void {
    if (this.pumpScheduled || this.stopped) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.stopped) return;
    try {
      while (this.raft.hasReady()) this.handle(this.raft.ready());
      this.maybeSnapshot();
    } catch (e) {
      this.stopped = true;
      if (this.timer) clearInterval(this.timer);
      this.hooks.fatal(e);
    }
  }

  private handle(ready: Ready): void {
    this.o.storage.persist(ready);
    for (const m of ready.messages) this.hooks.send(m);
    if (ready.snapshot) {
      this.o.state.restore(ready.snapshot);
      this.o.logger.info({ endOffset: ready.snapshot.endOffset, epoch: ready.snapshot.epoch, bytes: ready.snapshot.bytes.length }, 'snapshot installed from the leader');
    }
    for (const batch of ready.committed) {
      this.o.state.apply(batch);
      this.hooks.onApplied(batch);
    }
    this.raft.advance();
    this.hooks.afterReady(ready);
  }

  /**
   * Every N records or bytes applied: snapshot the image (built over several turns, see
   * buildSnapshot), hand it to raft, write it, compact the log below it.
   */
  private maybeSnapshot(): void {
    const state = this.o.state;
    if (this.snapshotting || !state.snapshotDue()) return;
    this.snapshotting = true;
    buildSnapshot(state.snapshotPoint(), this.o.now(), () => new Promise<void>((resolve) => setImmediate(resolve)))
      .then((snapshot) => {
        if (this.stopped) return;
        const offered = this.raft.snapshotCreated(snapshot);
        if (!offered.ok) {
          this.o.logger.debug({ endOffset: snapshot.endOffset, reason: offered.error.code }, 'snapshot not taken');
          return;
        }
        this.o.storage.saveSnapshot(snapshot);
        this.o.logger.info({ endOffset: snapshot.endOffset, epoch: snapshot.epoch, bytes: snapshot.bytes.length }, 'snapshot written; log compacted below it');
      })
      .catch((e: unknown) => {
        this.stopped = true;
        if (this.timer) clearInterval(this.timer);
        this.hooks.fatal(e);
      })
      .finally(() => {
        this.snapshotting = false;
      });
  }
}
