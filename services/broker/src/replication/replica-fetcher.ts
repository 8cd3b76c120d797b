import { type NodeChannels } from '@orderlab/kafka-net';
import { ErrorCode, FetchRequest, FetchResponse, type MessageOf } from '@orderlab/kafka-protocol';
import type { Logger } from '@orderlab/shared';
import type { Partition } from '../partitions/partition';
import { outOfRangeAction, truncationOffset } from './divergence';

/** Fetch v12: topic names, lastFetchedEpoch and the DivergingEpoch answer (KIP-595); the leader serves up to 12. */
export const REPLICA_FETCH_VERSION = 12;

export interface FetcherOptions {
  readonly brokerId: number;
  readonly maxWaitMs: number;
  readonly partitionMaxBytes: number;
  /** The leader's endpoint now (it may move between fetches); null when the metadata lists none. */
  readonly endpoint: (leaderId: number) => { host: string; port: number } | null;
  readonly logger: Logger;
}

type FetchResp = MessageOf<typeof FetchResponse>;
type PartitionResp = FetchResp['responses'][number]['partitions'][number];

/** Backoffs after a partition-level error: the metadata that moves it usually follows within a heartbeat. */
const RETRY_LEADERSHIP_MS = 200;
const RETRY_OTHER_MS = 1000;
const RETRY_CONNECTION_MS = 300;

/**
 * One fetcher per leader broker (Kafka's ReplicaFetcherThread): one connection, one Fetch
 * carrying every partition this broker follows on that leader, in a loop. Each answer is
 * applied as it comes: records appended with the leader's offsets and epochs (no re-encoding),
 * the leader's high watermark learnt, a DivergingEpoch truncated by leader epoch. A partition
 * whose leader or epoch changed while its fetch was in flight ignores the answer.
 */
export class ReplicaFetcher {
  private readonly partitions = new Map<string, Partition>();
  private readonly delayedUntil = new Map<Partition, number>();
  private running = true;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    readonly leaderId: number,
    private readonly channels: NodeChannels,
    private readonly options: FetcherOptions,
  ) {}

  get size(): number {
    return this.partitions.size;
  }

  add(p: Partition): void {
    this.partitions.set(key(p), p);
    this.delayedUntil.delete(p);
    this.loop ??= this.run();
    this.wake?.();
  }

  remove(p: Partition): void {
    if (this.partitions.get(key(p)) === p) this.partitions.delete(key(p));
    this.delayedUntil.delete(p);
  }

  has(p: Partition): boolean {
    return this.partitions.get(key(p)) === p;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const now = Date.now();
      const ready = [...this.partitions.values()].filter((p) => (this.delayedUntil.get(p) ?? 0) <= now);
      if (ready.length === 0) {
        const next = Math.min(...[...this.delayedUntil.values()].filter((t) => t > now), now + 1000);
        await this.sleep(this.partitions.size === 0 ? 1000 : next - now);
        continue;
      }
      const endpoint = this.options.endpoint(this.leaderId);
      if (!endpoint) {
        await this.sleep(RETRY_CONNECTION_MS);
        continue;
      }
      this.channels.setEndpoint(this.leaderId, endpoint);
      const sent = ready.map((p) => ({ p, leaderEpoch: p.leaderEpoch }));
      let response: FetchResp;
      try {
        response = await this.channels.request(this.leaderId, { request: FetchRequest, response: FetchResponse }, REPLICA_FETCH_VERSION, this.request(sent.map((s) => s.p)), {
          timeoutMs: this.options.maxWaitMs + 10_000,
        });
      } catch (e) {
        if (!this.running) return;
        this.options.logger.debug({ leader: this.leaderId, err: (e as Error).message }, 'replica fetch failed; retrying');
        await this.sleep(RETRY_CONNECTION_MS);
        continue;
      }
      const byKey = new Map(sent.map((s) => [key(s.p), s]));
      for (const t of response.responses) {
        for (const r of t.partitions) {
          const s = byKey.get(`${t.topic}-${r.partitionIndex}`);
          // Answers for a partition that moved meanwhile (new epoch, removed) are stale.
          if (!s || !this.has(s.p) || s.p.leaderEpoch !== s.leaderEpoch || s.p.isLeader) continue;
          this.apply(s.p, r);
        }
      }
      if (response.errorCode !== 0) await this.sleep(RETRY_OTHER_MS);
    }
  }

  private request(parts: readonly Partition[]) {
    const topics = new Map<string, Partition[]>();
    for (const p of parts) topics.set(p.topic, [...(topics.get(p.topic) ?? []), p]);
    return {
      clusterId: null,
      replicaId: this.options.brokerId,
      maxWaitMs: this.options.maxWaitMs,
      minBytes: 1,
      maxBytes: 0x7fffffff,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [...topics].map(([topic, ps]) => ({
        topic,
        partitions: ps.map((p) => ({
          partition: p.index,
          currentLeaderEpoch: p.leaderEpoch,
          fetchOffset: p.logEndOffset(),
          lastFetchedEpoch: p.log.leaderEpochs().latestEpoch() ?? -1,
          logStartOffset: p.logStartOffset(),
          partitionMaxBytes: this.options.partitionMaxBytes,
        })),
      })),
      forgottenTopicsData: [],
      rackId: '',
    };
  }

  private apply(p: Partition, r: PartitionResp): void {
    const log = this.options.logger;
    try {
      if (r.errorCode === ErrorCode.NONE && r.divergingEpoch && (r.divergingEpoch.epoch >= 0 || r.divergingEpoch.endOffset >= 0)) {
        const leader = { epoch: r.divergingEpoch.epoch, endOffset: Number(r.divergingEpoch.endOffset) };
        const cut = truncationOffset(leader, p.log.leaderEpochs().endOffsetFor(leader.epoch), p.logEndOffset());
        log.warn({ topic: p.topic, partition: p.index, leader: this.leaderId, divergingEpoch: leader, truncateTo: cut.offset, logEndOffset: p.logEndOffset() }, 'log diverged from the leader; truncating by leader epoch');
        p.truncateTo(cut.offset);
        return;
      }
      if (r.errorCode === ErrorCode.NONE) {
        p.appendFromLeader(r.records ?? Buffer.alloc(0), Number(r.highWatermark), Number(r.logStartOffset));
        return;
      }
      if (r.errorCode === ErrorCode.OFFSET_OUT_OF_RANGE) {
        const action = outOfRangeAction(p.logEndOffset(), Number(r.logStartOffset), Number(r.highWatermark));
        log.warn({ topic: p.topic, partition: p.index, leader: this.leaderId, logEndOffset: p.logEndOffset(), leaderLogStart: Number(r.logStartOffset), action }, 'replica fetch out of range');
        if (action.kind === 'restart') p.restartAt(action.offset);
        else if (action.kind === 'truncate') p.truncateTo(action.offset);
        else this.delayedUntil.set(p, Date.now() + RETRY_OTHER_MS);
        return;
      }
      const leadership = r.errorCode === ErrorCode.NOT_LEADER_OR_FOLLOWER || r.errorCode === ErrorCode.FENCED_LEADER_EPOCH || r.errorCode === ErrorCode.UNKNOWN_LEADER_EPOCH || r.errorCode === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      log.debug({ topic: p.topic, partition: p.index, leader: this.leaderId, errorCode: r.errorCode }, 'replica fetch error; waiting for metadata');
      this.delayedUntil.set(p, Date.now() + (leadership ? RETRY_LEADERSHIP_MS : RETRY_OTHER_MS));
    } catch (e) {
      log.warn({ topic: p.topic, partition: p.index, leader: this.leaderId, err: (e as Error).message }, 'applying a replica fetch failed; retrying');
      this.delayedUntil.set(p, Date.now() + RETRY_OTHER_MS);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(1, ms));
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}

function key(p: Partition): string {
  return `${p.topic}-${p.index}`;
}
