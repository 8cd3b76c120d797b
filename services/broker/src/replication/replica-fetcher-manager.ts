import { NodeChannels } from '@orderlab/kafka-net';
import type { Logger } from '@orderlab/shared';
import type { ClusterMetadata } from '../cluster/cluster-metadata';
import type { Partition } from '../partitions/partition';
import type { ReplicaManager } from '../partitions/replica-manager';
import { ReplicaFetcher } from './replica-fetcher';

export interface FetcherManagerOptions {
  readonly brokerId: number;
  readonly maxWaitMs: number;
  readonly partitionMaxBytes: number;
}

/**
 * Kafka's ReplicaFetcherManager: keeps one fetcher per leader broker and every partition this
 * broker follows on the fetcher of its current leader. Driven by the replica manager's state
 * changes (replayed metadata): a partition whose leader moves goes to the new leader's fetcher,
 * one this broker now leads (or that is offline) leaves its fetcher. Connections are this
 * manager's own (one per leader), so a parked follower fetch never delays client traffic.
 */
export class ReplicaFetcherManager {
  private readonly fetchers = new Map<number, ReplicaFetcher>();
  private readonly assigned = new Map<Partition, number>();
  private readonly channels: NodeChannels;

  constructor(
    private readonly metadata: ClusterMetadata,
    private readonly replicas: ReplicaManager,
    private readonly options: FetcherManagerOptions,
    private readonly logger: Logger,
  ) {
    this.channels = new NodeChannels({ clientId: `replica-fetcher-${options.brokerId}`, connectTimeoutMs: 2000, logger });
  }

  start(): void {
    this.replicas.onStateChange((changed) => this.update(changed));
    this.update(this.replicas.allPartitions());
  }

  /** Which leader each followed partition fetches from (for /health and tests). */
  followed(): Array<{ topic: string; partition: number; leader: number }> {
    return [...this.assigned].map(([p, leader]) => ({ topic: p.topic, partition: p.index, leader }));
  }

  update(changed: readonly Partition[]): void {
    for (const p of changed) {
      const s = p.state;
      const target = !p.isLeader && s.leader >= 0 && s.replicas.includes(this.options.brokerId) && this.replicas.hosted(p.topic, p.index) === p ? s.leader : -1;
      const current = this.assigned.get(p);
      if (current === target && (target < 0 || this.fetchers.get(target)?.has(p))) continue;
      if (current !== undefined) this.fetchers.get(current)?.remove(p);
      this.assigned.delete(p);
      if (target < 0) continue;
      this.assigned.set(p, target);
      this.fetcherFor(target).add(p);
      this.logger.debug({ topic: p.topic, partition: p.index, leader: target, leaderEpoch: s.leaderEpoch }, 'following leader');
    }
    this.dropIdleFetchers();
  }

  /** Drop partitions that are no longer hosted (topic deleted): their fetchers stop asking for them. */
  forget(p: Partition): void {
    const current = this.assigned.get(p);
    if (current !== undefined) this.fetchers.get(current)?.remove(p);
    this.assigned.delete(p);
    this.dropIdleFetchers();
  }

  async close(): Promise<void> {
    await Promise.all([...this.fetchers.values()].map((f) => f.stop()));
    this.fetchers.clear();
    this.channels.close();
  }

  private fetcherFor(leaderId: number): ReplicaFetcher {
    let f = this.fetchers.get(leaderId);
    if (!f) {
      f = new ReplicaFetcher(leaderId, this.channels, {
        brokerId: this.options.brokerId,
        maxWaitMs: this.options.maxWaitMs,
        partitionMaxBytes: this.options.partitionMaxBytes,
        endpoint: (id) => {
          const b = this.metadata.brokers().find((x) => x.nodeId === id);
          return b ? { host: b.host, port: b.port } : null;
        },
        logger: this.logger,
      });
      this.fetchers.set(leaderId, f);
    }
    return f;
  }

  private dropIdleFetchers(): void {
    for (const [id, f] of this.fetchers) {
      if (f.size === 0) {
        this.fetchers.delete(id);
        void f.stop();
      }
    }
  }
}
