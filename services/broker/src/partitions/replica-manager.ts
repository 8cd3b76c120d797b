import { ErrorCode } from '@orderlab/kafka-protocol';
import type { LogStore } from '@orderlab/log-store';
import type { Logger } from '@orderlab/shared';
import type { ClusterMetadata, MetadataChange, PartitionAssignment, TopicMetadata } from '../cluster/cluster-metadata';
import type { BrokerConfig } from '../config/broker-config';
import { logConfigFor } from '../topics/topic-config';
import { Partition, type PartitionState } from './partition';

export type PartitionLookup = { readonly partition: Partition } | { readonly errorCode: number };

/**
 * Owns the partitions this broker hosts, as the replayed metadata says: opens a partition's log
 * when this broker becomes one of its replicas, keeps its leader epoch and ISR in step with the
 * image, serves it only while this broker is its leader, closes and deletes logs of deleted
 * topics, and drives the store's timer work.
 */
export class ReplicaManager {
  private readonly partitions = new Map<string, Partition[]>();
  private readonly stateListeners: Array<(changed: readonly Partition[]) => void> = [];

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
    this.notifyState(this.allPartitions());
  }

  /** Partitions opened or whose leader, epochs or ISR changed (the replica fetchers and the ISR manager follow these). */
  onStateChange(listener: (changed: readonly Partition[]) => void): void {
    this.stateListeners.push(listener);
  }

  /** The hosted partition, leader or follower (replication's own lookup). */
  hosted(topic: string, index: number): Partition | undefined {
    return this.partitions.get(topic)?.[index];
  }

  lookup(topic: string, index: number): PartitionLookup {
    const meta = this.metadata.topic(topic);
    if (!meta || index < 0 || index >= meta.partitions.length) return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
    const p = this.partitions.get(topic)?.[index];
    // Only the leader serves clients and followers: a replica that is not the leader, or a
    // partition that is offline (leader -1), answers as Kafka's ReplicaManager does.
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
        for (const p of this.hostedOf(change.topic.name)) p.log.updateConfig(logConfig);
        return;
      }
    }
  }

  private openTopic(topic: TopicMetadata, fromPartition: number): void {
    const list = this.partitions.get(topic.name) ?? [];
    const logConfig = logConfigFor(topic.configs, this.config);
    const opened: Partition[] = [];
    for (const a of topic.partitions.slice(fromPartition)) {
      if (!a.replicas.includes(this.metadata.localNodeId)) continue;
      const log = this.store.open(topic.name, a.partition, logConfig);
      const p = new Partition(topic.name, a.partition, log, this.metadata.localNodeId, stateOf(a));
      list[a.partition] = p;
      opened.push(p);
    }
    this.partitions.set(topic.name, list);
    if (opened.length > 0) this.notifyState(opened);
  }

  private notifyState(changed: readonly Partition[]): void {
    if (changed.length === 0) return;
    for (const l of this.stateListeners) l(changed);
  }

  /**
   * The partitions of a topic this broker hosts. The per-topic array is indexed by partition and
   * has holes for partitions other brokers host (a for-of over it would yield undefined).
   */
  private hostedOf(topic: string): Partition[] {
    return (this.partitions.get(topic) ?? []).filter((p): p is Partition => p !== undefined);
  }

  private updatePartitions(topic: TopicMetadata, indexes: readonly number[]): void {
    const list = this.partitions.get(topic.name) ?? [];
    const changed: Partition[] = [];
    for (const index of indexes) {
      const a = topic.partitions[index];
      if (!a) continue;
      let p = list[index];
      // A leader that lost leadership answers its waiting fetches and acks=all produces now (NOT_LEADER_OR_FOLLOWER next).
      if (p) p.updateState(stateOf(a));
      else if (a.replicas.includes(this.metadata.localNodeId)) {
        p = new Partition(topic.name, index, this.store.open(topic.name, index, logConfigFor(topic.configs, this.config)), this.metadata.localNodeId, stateOf(a));
        list[index] = p;
      }
      if (p) changed.push(p);
    }
    this.partitions.set(topic.name, list);
    this.notifyState(changed);
  }

  private deleteTopic(topic: TopicMetadata): void {
    const list = this.hostedOf(topic.name);
    this.partitions.delete(topic.name);
    for (const p of list) {
      p.close();
      this.store.remove(topic.name, p.index);
    }
    this.notifyState(list); // its fetchers stop asking for it
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

function stateOf(a: PartitionAssignment): PartitionState {
  return { leader: a.leader, leaderEpoch: a.leaderEpoch, partitionEpoch: a.partitionEpoch, replicas: a.replicas, isr: a.isr };
}
