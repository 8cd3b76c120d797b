import { NodeChannels } from '@orderlab/kafka-net';
import { ErrorCode, FetchRequest, FetchResponse, FetchSnapshotRequest, FetchSnapshotResponse } from '@orderlab/kafka-protocol';
import type { MetadataImage } from '@orderlab/metadata';
import type { Logger } from '@orderlab/shared';
import type { LeaderTracker } from './leader-tracker';
import { MetadataReplayer, ReplayError } from './metadata-replayer';

const METADATA_TOPIC = '__cluster_metadata';
/** Kafka's fixed topic id of __cluster_metadata (Topic.METADATA_TOPIC_ID), AAAAAAAAAAAAAAAAAAAAAQ. */
const METADATA_TOPIC_ID = Buffer.from('00000000000000000000000000000001', 'hex');
const FETCH_VERSION = 13;
const MAX_BYTES = 8 * 1024 * 1024;

export interface FollowerOptions {
  readonly brokerId: number;
  readonly clusterId: string;
  /** How long the leader may park a fetch with nothing new (Kafka's broker uses 500 ms for metadata). */
  readonly fetchMaxWaitMs: number;
  readonly requestTimeoutMs: number;
}

export type ImageListener = (image: MetadataImage, previous: MetadataImage) => void;

/**
 * The broker's metadata fetcher, the thin I/O loop around LeaderTracker and MetadataReplayer:
 * long-polls Fetch on `__cluster_metadata-0` as an observer (replicaId = the broker id) at the
 * leader it knows, learns the leader from refusals, fetches a snapshot when told to, and tells
 * listeners about every new committed image.
 */
export class MetadataFollower {
  readonly replayer = new MetadataReplayer();
  private readonly channels: NodeChannels;
  private readonly listeners: ImageListener[] = [];
  private running = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  /** Waiters for "a fetch started after now has been applied", resolved per fetch generation. */
  private syncWaiters: Array<{ afterFetch: number; resolve: () => void }> = [];
  private fetchesStarted = 0;
  private caughtUpOnce = false;
  private brokenReason: string | null = null;
  private lastContactMs = 0;

  constructor(
    readonly tracker: LeaderTracker,
    private readonly options: FollowerOptions,
    private readonly logger: Logger,
  ) {
    this.channels = new NodeChannels({ clientId: `broker-${options.brokerId}-metadata`, requestTimeoutMs: options.requestTimeoutMs, connectTimeoutMs: 2000, logger });
    for (const v of tracker.voters) this.channels.setEndpoint(v.nodeId, v);
  }

  get image(): MetadataImage {
    return this.replayer.image;
  }

  /** True once a fetch has shown the high watermark and everything below it is applied. */
  get caughtUp(): boolean {
    return this.caughtUpOnce && this.replayer.lag === 0 && this.brokenReason === null;
  }

  get broken(): string | null {
    return this.brokenReason;
  }

  /** Ms since the leader last answered a fetch (-1 never). */
  msSinceContact(now = Date.now()): number {
    return this.lastContactMs === 0 ? -1 : now - this.lastContactMs;
  }

  onImage(listener: ImageListener): void {
    this.listeners.push(listener);
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    this.channels.close();
    await this.loop;
    for (const w of this.syncWaiters) w.resolve();
    this.syncWaiters = [];
  }

  /**
   * Resolves once a fetch that began after this call has been answered and applied: the leader's
   * high watermark then covers everything it committed before the call (an admin answer the
   * controller sent only after committing), so the image does too.
   */
  syncPoint(): Promise<void> {
    return new Promise((resolve) => this.syncWaiters.push({ afterFetch: this.fetchesStarted, resolve }));
  }

  private async run(): Promise<void> {
    while (this.running) {
      const target = this.tracker.target();
      const delayMs = await this.fetchOnce(target.nodeId).catch((e: unknown) => {
        if (e instanceof ReplayError) return this.breakReplay(e);
        const waitMs = this.tracker.failed(target.nodeId, Math.random());
        this.logger.debug({ controller: target.nodeId, err: (e as Error).message, retryInMs: waitMs }, 'metadata fetch failed');
        return waitMs;
      });
      if (delayMs > 0) await this.sleep(delayMs);
    }
  }

  /** One Fetch round trip; returns how long to wait before the next. */
  private async fetchOnce(nodeId: number): Promise<number> {
    const { fetchOffset, lastFetchedEpoch } = this.replayer.fetchPosition();
    const epoch = this.tracker.leader.leaderId === nodeId ? this.tracker.leader.epoch : -1;
    const generation = ++this.fetchesStarted;
    const res = await this.channels.request(nodeId, { request: FetchRequest, response: FetchResponse }, FETCH_VERSION, {
      replicaId: this.options.brokerId,
      maxWaitMs: this.options.fetchMaxWaitMs,
      minBytes: 1,
      maxBytes: MAX_BYTES,
      topics: [{ topicId: METADATA_TOPIC_ID, partitions: [{ partition: 0, currentLeaderEpoch: epoch, fetchOffset, lastFetchedEpoch, logStartOffset: -1, partitionMaxBytes: MAX_BYTES }] }],
      forgottenTopicsData: [],
      rackId: '',
    }, { timeoutMs: this.options.fetchMaxWaitMs + this.options.requestTimeoutMs });
    const p = res.responses[0]?.partitions[0];
    if (res.errorCode !== ErrorCode.NONE || !p) return this.tracker.failed(nodeId, Math.random());
    this.learnLeader(p.currentLeader.leaderId, p.currentLeader.leaderEpoch);
    if (p.errorCode !== ErrorCode.NONE) {
      // FENCED_LEADER_EPOCH / NOT_LEADER_OR_FOLLOWER / UNKNOWN_LEADER_EPOCH name the leader when they know it.
      if (this.tracker.leader.leaderId >= 0 && this.tracker.leader.leaderId !== nodeId) return 0;
      if (this.tracker.leader.leaderId === nodeId && p.errorCode === ErrorCode.FENCED_LEADER_EPOCH && epoch !== this.tracker.leader.epoch) return 0;
      return this.tracker.failed(nodeId, Math.random());
    }
    this.tracker.succeeded();
    this.lastContactMs = Date.now();
    const before = this.replayer.image;
    if (p.snapshotId.endOffset >= 0) {
      await this.fetchSnapshot(nodeId, p.snapshotId.endOffset, p.snapshotId.epoch);
    } else if (p.divergingEpoch.endOffset >= 0) {
      this.logger.info({ endOffset: p.divergingEpoch.endOffset, epoch: p.divergingEpoch.epoch }, 'metadata log diverged: truncating the uncommitted tail');
      this.replayer.truncateTo(p.divergingEpoch.endOffset);
    } else {
      this.replayer.onFetched(p.records, p.highWatermark);
    }
    this.afterFetch(generation, before);
    return 0;
  }

  private async fetchSnapshot(nodeId: number, endOffset: number, epoch: number): Promise<void> {
    const chunks: Buffer[] = [];
    let position = 0;
    for (;;) {
      const res = await this.channels.request(nodeId, { request: FetchSnapshotRequest, response: FetchSnapshotResponse }, 0, {
        clusterId: this.options.clusterId,
        replicaId: this.options.brokerId,
        maxBytes: MAX_BYTES,
        topics: [{ name: METADATA_TOPIC, partitions: [{ partition: 0, currentLeaderEpoch: this.tracker.leader.epoch, snapshotId: { endOffset, epoch }, position }] }],
      }, { timeoutMs: this.options.requestTimeoutMs });
      const p = res.topics[0]?.partitions[0];
      const errorCode = res.errorCode !== ErrorCode.NONE ? res.errorCode : (p?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR);
      if (errorCode !== ErrorCode.NONE || !p) throw new Error(`FetchSnapshot ${endOffset}-${epoch} from controller ${nodeId} failed with error ${errorCode}`);
      const bytes = (p.unalignedRecords ?? Buffer.alloc(0)) as Buffer;
      chunks.push(bytes);
      position += bytes.length;
      if (position >= p.size || bytes.length === 0) break;
    }
    this.replayer.loadSnapshot(Buffer.concat(chunks), endOffset, epoch);
    this.logger.info({ endOffset, epoch, controller: nodeId }, 'loaded metadata snapshot');
  }

  private afterFetch(generation: number, before: MetadataImage): void {
    const image = this.replayer.image;
    if (image !== before) {
      for (const l of this.listeners) {
        try {
          l(image, before);
        } catch (e) {
          // A listener's bug must not stop the metadata loop (the broker would silently freeze).
          this.logger.error({ err: (e as Error).stack ?? String(e) }, 'metadata listener failed');
        }
      }
    }
    if (!this.caughtUpOnce && this.replayer.lag === 0) {
      this.caughtUpOnce = true;
      this.logger.info({ appliedOffset: this.replayer.lastAppliedOffset, highWatermark: this.replayer.highWatermark }, 'metadata caught up');
    }
    const due = this.syncWaiters.filter((w) => w.afterFetch < generation);
    this.syncWaiters = this.syncWaiters.filter((w) => w.afterFetch >= generation);
    for (const w of due) w.resolve();
  }

  private learnLeader(leaderId: number, epoch: number): void {
    const event = this.tracker.learn(leaderId, epoch);
    if (event) this.logger.info({ from: event.from.leaderId, to: event.to.leaderId, epoch: event.to.epoch }, `controller changed: following controller ${event.to.leaderId} in epoch ${event.to.epoch}`);
  }

  private breakReplay(e: ReplayError): number {
    this.brokenReason = e.message;
    this.logger.error({ offset: e.offset, err: e.message }, 'metadata replay failed: this broker stays fenced');
    this.running = false;
    return 0;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }
}
