import { ErrorCode } from '@orderlab/kafka-protocol';
import type { LogStore } from '@orderlab/log-store';
import type { Logger } from '@orderlab/shared';
import type { ClusterMetadata, MetadataChange, TopicMetadata } from '../cluster/cluster-metadata';
import type { BrokerConfig } from '../config/broker-config';
import { logConfigFor } from '../topics/topic-config';
import { Partition } from './partition';

export type PartitionLookup = { readonly partition: Partition } | { readonly errorCode: number };

/**
 * Owns the partitions this broker hosts, as the replayed metadata says: opens a partition's log
 * when this broker becomes one of its replicas, keeps its leader epoch and ISR in step with the
 * image, serves it only while this broker is its leader, closes and deletes logs of deleted
 * topics, and drives the store's timer work.
 */
export class ReplicaManager {
  private readonly partitions = new Map<string, Partition[]>();

  constructor(
    private readonly metadata: ClusterMetadata,
    private readonly store: LogStore,
    private readonly config: BrokerConfig,
    private readonly logger: Logger,
  ) {}

  start(): void {
    for (const topic of this.metadata.topics()) this.openTopic(topic, 0);
    this.removeOrphans();
    this.metadata.onChange((c) => this.apply(c));
  }

  lookup(topic: string, index: number): PartitionLookup {
    const meta = this.metadata.topic(topic);
    if (!meta || index < 0 || index >= meta.partitions.length) return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
    const p = this.partitions.get(topic)?.[index];
    // Only the leader serves clients (no follower fetching yet): a replica that is not the leader,
    // or a partition that is offline (leader -1), answers as Kafka's ReplicaManager does.
    if (!p || meta.partitions[index]?.leader !== this.metadata.localNodeId) return { errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER };
    // As Kafka answers for a partition in an offline log directory.
    if (p.offlineReason() !== null) return { errorCode: ErrorCode.KAFKA_STORAGE_ERROR };
    return { partition: p };
  }

  isOffline(topic: string, index: number): boolean {
    return (this.partitions.get(topic)?.[index]?.offlineReason() ?? null) !== null;
  }

  /** Partitions whose log went offline, with the reason (for /health). */
  offlinePartitions(): Array<{ topic: string; partition: number; reason: string }> {
    const out: Array<{ topic: string; partition: number; reason: string }> = [];
    for (const p of this.allPartitions()) {
      const reason = p.offlineReason();
      if (reason !== null) out.push({ topic: p.topic, partition: p.index, reason });
    }
    return out;
  }

  allPartitions(): Partition[] {
    return [...this.partitions.values()].flat();
  }

  /** Retention of the partitions that may now delete something (the store keeps them in a due queue). */
  runRetention(): void {
    for (const moved of this.store.runDueRetention()) this.logger.info(moved, 'retention deleted old segments');
  }

  /** Timer work that is due: flush.ms fsyncs, producer-id expiry, deferred background flushes. */
  runMaintenance(): void {
    this.store.runDueMaintenance();
  }

  close(): void {
    for (const p of this.allPartitions()) p.close();
    this.partitions.clear();
    this.store.close();
  }

  private apply(change: MetadataChange): void {
    switch (change.type) {
      case 'topic-created':
        return this.openTopic(change.topic, 0);
      case 'partitions-added':
        return this.openTopic(change.topic, change.previousCount);
      case 'topic-deleted':
        return this.deleteTopic(change.topic);
      case 'partitions-changed':
        return this.updatePartitions(change.topic, change.partitions);
      case 'configs-changed': {
        const logConfig = logConfigFor(change.topic.configs, this.config);
        for (const p of this.hosted(change.topic.name)) p.log.updateConfig(logConfig);
        return;
      }
    }
  }

  private openTopic(topic: TopicMetadata, fromPartition: number): void {
    const list = this.partitions.get(topic.name) ?? [];
    const logConfig = logConfigFor(topic.configs, this.config);
    for (const a of topic.partitions.slice(fromPartition)) {
      if (!a.replicas.includes(this.metadata.localNodeId)) continue;
      const log = this.store.open(topic.name, a.partition, logConfig);
      list[a.partition] = new Partition(topic.name, a.partition, log, a.leaderEpoch, a.isr);
    }
    this.partitions.set(topic.name, list);
  }

  /**
   * The partitions of a topic this broker hosts. The per-topic array is indexed by partition and
   * has holes for partitions other brokers host (a for-of over it would yield undefined).
   */
  private hosted(topic: string): Partition[] {
    return (this.partitions.get(topic) ?? []).filter((p): p is Partition => p !== undefined);
  }

  private updatePartitions(topic: TopicMetadata, indexes: readonly number[]): void {
    const list = this.partitions.get(topic.name) ?? [];
    for (const index of indexes) {
      const a = topic.partitions[index];
      if (!a) continue;
      const p = list[index];
      if (p) p.updateLeadership(a.leaderEpoch, a.isr);
      else if (a.replicas.includes(this.metadata.localNodeId)) list[index] = new Partition(topic.name, index, this.store.open(topic.name, index, logConfigFor(topic.configs, this.config)), a.leaderEpoch, a.isr);
      if (p && a.leader !== this.metadata.localNodeId) p.close(); // waiting fetches answer now (NOT_LEADER_OR_FOLLOWER next)
    }
    this.partitions.set(topic.name, list);
  }

  private deleteTopic(topic: TopicMetadata): void {
    const list = this.hosted(topic.name);
    this.partitions.delete(topic.name);
    for (const p of list) {
      p.close();
      this.store.remove(topic.name, p.index);
    }
    this.logger.info({ topic: topic.name }, 'topic deleted');
  }

  /** Partition directories whose topic no longer exists (deleted while we were down) are removed. */
  private removeOrphans(): void {
    for (const { topic, partition } of this.store.list()) {
      const meta = this.metadata.topic(topic);
      if (!meta || partition >= meta.partitions.length) {
        this.logger.warn({ topic, partition }, 'removing log of a partition that no longer exists');
        this.store.remove(topic, partition);
      }
    }
  }
}
