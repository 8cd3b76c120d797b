import { NO_REPLICA, type LogBatch, type RaftRole, type RaftStorage } from '@orderlab/raft';
import { factOf, logHolds, type BatchFact } from './batch-content';

/** A broken safety property: the run stops here, and the report names it. */
export class InvariantViolation extends Error {
  constructor(
    readonly invariant: string,
    message: string,
  ) {
    super(`${invariant}: ${message}`);
    this.name = 'InvariantViolation';
  }
}

/** What the checker reads of a node after each event. */
export interface NodeView {
  readonly id: number;
  readonly incarnation: number;
  readonly up: boolean;
  readonly role: RaftRole;
  readonly epoch: number;
  readonly highWatermark: number;
  /** The log as the running process sees it (storage with unsynced writes). */
  readonly log: RaftStorage;
}

/**
 * Safety invariants (Raft's, and Kafka's RaftEventSimulationTest's), checked as events happen:
 * one leader per epoch; epoch and high watermark monotonic per node; log matching (a batch
 * (baseOffset, epoch) has one content and one predecessor everywhere); committed batches never
 * change and every later leader holds them (leader completeness); applied data survives
 * restarts; equal state-machine digests at equal applied offsets.
 */
export class SafetyChecker {
  private readonly leaderOfEpoch = new Map<number, number>();
  private readonly seen = new Map<number, { incarnation: number; epoch: number; highWatermark: number }>();
  private readonly batchFacts = new Map<string, { content: string; previousEpoch: number | undefined }>();
  private readonly committedByBase = new Map<number, BatchFact>();
  /**
   * Committed batches in commit order with an upper bound of the epoch that committed them (the
   * applying node's epoch: its high watermark came from a leader of that epoch or earlier).
   * Leader completeness binds leaders of later epochs only.
   */
  private readonly commitLog: Array<{ fact: BatchFact; commitEpoch: number }> = [];
  private readonly digestAt = new Map<number, string>();
  committedEnd = 0;
  checks = 0;

  constructor(private readonly nodes: () => readonly NodeView[]) {}

  committed(): BatchFact[] {
    return [...this.committedByBase.values()].sort((a, b) => a.baseOffset - b.baseOffset);
  }

  afterEvent(node: NodeView): void {
    this.checks++;
    if (!node.up) return;
    const before = this.seen.get(node.id);
    if (before && before.incarnation === node.incarnation) {
      if (node.epoch < before.epoch) throw new InvariantViolation('MonotonicEpoch', `node ${node.id} went from epoch ${before.epoch} to ${node.epoch}`);
      if (node.highWatermark < before.highWatermark) {
        throw new InvariantViolation('MonotonicHighWatermark', `node ${node.id} went from HW ${before.highWatermark} to ${node.highWatermark}`);
      }
    }
    this.seen.set(node.id, { incarnation: node.incarnation, epoch: node.epoch, highWatermark: node.highWatermark });
    if (node.role === 'leader') this.checkLeader(node);
  }

  private checkLeader(node: NodeView): void {
    const known = this.leaderOfEpoch.get(node.epoch);
    if (known !== undefined && known !== node.id) {
      throw new InvariantViolation('SingleLeaderPerEpoch', `nodes ${known} and ${node.id} both led epoch ${node.epoch}`);
    }
    if (known === undefined) {
      this.leaderOfEpoch.set(node.epoch, node.id);
      const binding = this.lastCommittedBefore(node.epoch);
      if (binding && !logHolds(node.log, binding)) {
        throw new InvariantViolation('LeaderCompleteness', `leader ${node.id} of epoch ${node.epoch} lacks committed batch at ${binding.baseOffset}`);
      }
    }
  }

  /** The last batch committed in an epoch before `epoch` (by log matching it implies its prefix). */
  private lastCommittedBefore(epoch: number): BatchFact | undefined {
    for (let i = this.commitLog.length - 1; i >= 0; i--) if (this.commitLog[i]!.commitEpoch < epoch) return this.commitLog[i]!.fact;
    return undefined;
  }

  /** A node wrote batches to its log, after the record at `first.baseOffset - 1` of `previousEpoch`. */
  onAppend(nodeId: number, batches: readonly LogBatch[], previousEpoch: number | undefined): void {
    let prev = previousEpoch;
    for (const b of batches) {
      const key = `${b.baseOffset}:${b.epoch}`;
      const fact = factOf(b);
      const known = this.batchFacts.get(key);
      if (!known) {
        this.batchFacts.set(key, { content: fact.content, previousEpoch: prev });
      } else if (known.content !== fact.content) {
        throw new InvariantViolation('LogMatching', `node ${nodeId} holds a different batch at ${key}`);
      } else if (prev !== undefined && known.previousEpoch !== undefined && known.previousEpoch !== prev) {
        throw new InvariantViolation('LogMatching', `node ${nodeId}: batch ${key} follows epoch ${prev}, elsewhere epoch ${known.previousEpoch}`);
      }
      prev = b.epoch;
    }
  }

  /** A node applied a committed batch; `digest` is its state machine after it. */
  onApply(nodeId: number, nodeEpoch: number, batch: LogBatch, digest: string): void {
    const fact = factOf(batch);
    const known = this.committedByBase.get(batch.baseOffset);
    if (known) {
      if (known.content !== fact.content || known.epoch !== fact.epoch || known.end !== fact.end) {
        throw new InvariantViolation('CommittedNeverChanges', `node ${nodeId} applied a different batch at committed offset ${batch.baseOffset}`);
      }
    } else {
      if (batch.baseOffset !== this.committedEnd) {
        throw new InvariantViolation('CommittedPrefix', `node ${nodeId} applied ${batch.baseOffset} but the committed log ends at ${this.committedEnd}`);
      }
      this.registerCommitted(fact, nodeEpoch);
    }
    this.checkDigest(nodeId, fact.end, digest);
  }

  checkDigest(nodeId: number, offset: number, digest: string): void {
    const known = this.digestAt.get(offset);
    if (known === undefined) this.digestAt.set(offset, digest);
    else if (known !== digest) throw new InvariantViolation('StateMachineAgreement', `node ${nodeId} at offset ${offset} has digest ${digest}, others ${known}`);
  }

  private registerCommitted(fact: BatchFact, commitEpoch: number): void {
    this.committedByBase.set(fact.baseOffset, fact);
    this.committedEnd = fact.end;
    this.commitLog.push({ fact, commitEpoch });
    for (const n of this.nodes()) {
      if (n.up && n.role === 'leader' && n.epoch > commitEpoch && !logHolds(n.log, fact)) {
        throw new InvariantViolation('LeaderCompleteness', `leader ${n.id} of epoch ${n.epoch} lacks batch ${fact.baseOffset} committed by epoch ${commitEpoch}`);
      }
    }
  }

  /** After a restart the durable log must still hold what the node applied before the crash. */
  onRestart(nodeId: number, durableLog: RaftStorage, lastApplied: BatchFact | undefined): void {
    if (lastApplied && !logHolds(durableLog, lastApplied)) {
      throw new InvariantViolation('DurableCommitted', `node ${nodeId} lost applied batch at ${lastApplied.baseOffset} in a crash`);
    }
  }

  /** Epochs that had a leader. */
  elections(): number {
    return this.leaderOfEpoch.size;
  }

  leaderOf(epoch: number): number {
    return this.leaderOfEpoch.get(epoch) ?? NO_REPLICA;
  }
}
