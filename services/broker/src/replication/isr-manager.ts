import { type AlterPartitionRequest, type AlterPartitionResponse, ErrorCode, type MessageInput, type MessageOf } from '@orderlab/kafka-protocol';
import type { Logger } from '@orderlab/shared';
import type { ClusterMetadata } from '../cluster/cluster-metadata';
import type { Partition } from '../partitions/partition';
import type { ReplicaManager } from '../partitions/replica-manager';
import { laggingMembers, mayJoinIsr } from '../partitions/replica-progress';

/** AlterPartition v2: topic ids and a plain new ISR (v3's broker epochs per member are not sent). */
export const ALTER_PARTITION_VERSION = 2;

type AlterReq = MessageInput<typeof AlterPartitionRequest>;
type AlterResp = MessageOf<typeof AlterPartitionResponse>;

export interface IsrManagerOptions {
  readonly brokerId: number;
  readonly brokerEpoch: () => number;
  readonly lagTimeMs: number;
  /** Sends to the active controller (retrying NOT_CONTROLLER), within the deadline. */
  readonly send: (body: AlterReq, deadlineMs: number) => Promise<AlterResp>;
  readonly requestTimeoutMs: number;
  readonly now?: () => number;
}

interface Pending {
  readonly isr: readonly number[];
  /** The partition epoch the controller committed it as; cleared once the replayed image reaches it. */
  committedEpoch: number;
  /** Retry after a failure (or give up waiting for the replay). */
  retryAtMs: number;
}

/** If the committed change does not show up in the replayed image within this long, propose again. */
const PENDING_REPLAY_MS = 10_000;
const RETRY_AFTER_ERROR_MS = 500;

/**
 * The leader's ISR changes (Kafka's Partition.maybeShrinkIsr / maybeExpandIsr with the
 * AlterPartitionManager): shrink when an ISR member has not caught up for the lag time (checked
 * every half lag time), expand when a follower reaches the high watermark and the start of this
 * leader's epoch. Each change is an AlterPartition to the active controller naming the leader
 * epoch and partition epoch it was decided on; one in flight per partition. The new ISR counts
 * only once this broker replays the committed PartitionChange record (the metadata decides);
 * INVALID_UPDATE_VERSION or FENCED_LEADER_EPOCH mean our view was stale — the next replayed image
 * is the refresh and the decision is taken again from it.
 */
export class IsrManager {
  private readonly pending = new Map<Partition, Pending>();
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(
    private readonly metadata: ClusterMetadata,
    private readonly replicas: ReplicaManager,
    private readonly options: IsrManagerOptions,
    private readonly logger: Logger,
  ) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.replicas.onStateChange((changed) => this.stateChanged(changed));
    this.timer = setInterval(() => this.checkShrink(), Math.max(50, Math.floor(this.options.lagTimeMs / 2)));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The leader served a follower fetch: maybe it may join the ISR now. */
  followerFetched(p: Partition, replicaId: number): void {
    if (!p.isLeader || this.blocked(p)) return;
    const progress = p.followerProgress(replicaId);
    if (!progress) return;
    if (!mayJoinIsr(replicaId, p.state.replicas, p.state.isr, progress.logEndOffset, p.highWatermark(), p.currentEpochStartOffset)) return;
    if (!this.metadata.brokers().some((b) => b.nodeId === replicaId)) return; // fenced brokers are INELIGIBLE_REPLICA
    p.setPendingJoin(replicaId);
    this.propose(p, [...p.state.isr, replicaId].sort((a, b) => a - b), 'expand');
  }

  /** Every half lag time (Kafka's isr-expiration task): shrink away members that fell behind. */
  checkShrink(): void {
    const now = this.now();
    for (const p of this.replicas.allPartitions()) {
      if (!p.isLeader || this.blocked(p)) continue;
      const lagging = laggingMembers(this.options.brokerId, p.state.isr, p.followers(), now, this.options.lagTimeMs);
      if (lagging.length === 0) continue;
      this.logger.info({ topic: p.topic, partition: p.index, lagging, isr: p.state.isr, lagTimeMs: this.options.lagTimeMs, highWatermark: p.highWatermark() }, 'shrinking ISR: followers not caught up within the lag time');
      this.propose(p, p.state.isr.filter((id) => !lagging.includes(id)), 'shrink');
    }
  }

  private blocked(p: Partition): boolean {
    const pending = this.pending.get(p);
    if (!pending) return false;
    if (this.now() >= pending.retryAtMs) {
      this.pending.delete(p);
      return false;
    }
    return true;
  }

  private stateChanged(changed: readonly Partition[]): void {
    for (const p of changed) {
      const pending = this.pending.get(p);
      if (!pending) continue;
      // Replayed: the committed change (or a newer one) is what the partition now holds.
      if (!p.isLeader || (pending.committedEpoch >= 0 && p.state.partitionEpoch >= pending.committedEpoch)) this.pending.delete(p);
    }
  }

  private propose(p: Partition, newIsr: readonly number[], kind: 'shrink' | 'expand'): void {
    const topicId = this.metadata.topic(p.topic)?.topicId;
    if (!topicId) return;
    const s = p.state;
    const pending: Pending = { isr: newIsr, committedEpoch: -1, retryAtMs: this.now() + PENDING_REPLAY_MS + this.options.requestTimeoutMs };
    this.pending.set(p, pending);
    const body: AlterReq = {
      brokerId: this.options.brokerId,
      brokerEpoch: this.options.brokerEpoch(),
      topics: [{ topicId, partitions: [{ partitionIndex: p.index, leaderEpoch: s.leaderEpoch, newIsr: [...newIsr], leaderRecoveryState: 0, partitionEpoch: s.partitionEpoch }] }],
    };
    void this.options.send(body, this.now() + this.options.requestTimeoutMs).then(
      (resp) => this.answered(p, pending, kind, resp),
      (e: unknown) => this.failed(p, pending, kind, (e as Error).message),
    );
  }

  private answered(p: Partition, pending: Pending, kind: string, resp: AlterResp): void {
    if (this.pending.get(p) !== pending) return;
    const r = resp.topics[0]?.partitions[0];
    const code = resp.errorCode !== 0 ? resp.errorCode : (r?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR);
    if (code === 0 && r) {
      pending.committedEpoch = r.partitionEpoch;
      this.logger.info({ topic: p.topic, partition: p.index, kind, isr: r.isr, partitionEpoch: r.partitionEpoch }, 'ISR change committed');
      if (p.state.partitionEpoch >= r.partitionEpoch) this.pending.delete(p);
      return;
    }
    this.failed(p, pending, kind, `error ${code}`, code === ErrorCode.INVALID_UPDATE_VERSION || code === ErrorCode.FENCED_LEADER_EPOCH);
  }

  private failed(p: Partition, pending: Pending, kind: string, problem: string, stale = false): void {
    if (this.pending.get(p) !== pending) return;
    this.logger.warn({ topic: p.topic, partition: p.index, kind, isr: pending.isr, problem }, stale ? 'ISR change refused: our partition state was stale; deciding again from the replayed metadata' : 'ISR change failed; retrying');
    if (kind === 'expand') p.setPendingJoin(null);
    pending.retryAtMs = this.now() + RETRY_AFTER_ERROR_MS;
  }
}
