import { randomUUID } from 'node:crypto';
import type { Clock, Logger } from '@orderlab/shared';
import type { ClusterMetadata } from '../cluster/cluster-metadata';
import type { BrokerConfig } from '../config/broker-config';
import { GroupCoordinator } from '../groups';
import type { ReplicaManager } from '../partitions/replica-manager';
import { OffsetsTopic } from './offsets-topic';

/**
 * Wires the pure GroupCoordinator to the broker: its store is __consumer_offsets, its
 * clock and member ids come from here, and a timer drives its session checks.
 */
export class GroupService {
  readonly coordinator: GroupCoordinator;
  readonly offsetsTopic: OffsetsTopic;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly metadata: ClusterMetadata,
    replicas: ReplicaManager,
    private readonly config: BrokerConfig,
    clock: Clock,
    private readonly logger: Logger,
  ) {
    this.offsetsTopic = new OffsetsTopic(metadata, replicas, config.offsetsTopicNumPartitions, clock, logger);
    this.coordinator = new GroupCoordinator({
      clock,
      logger,
      config: {
        initialRebalanceDelayMs: config.groupInitialRebalanceDelayMs,
        minSessionTimeoutMs: config.groupMinSessionTimeoutMs,
        maxSessionTimeoutMs: config.groupMaxSessionTimeoutMs,
        maxGroupSize: Number.MAX_SAFE_INTEGER,
        offsetsPartitions: config.offsetsTopicNumPartitions,
        maxMetadataBytes: 4096,
        offsetsRetentionMs: config.offsetsRetentionMinutes * 60_000,
      },
      newMemberId: (clientId) => `${clientId}-${randomUUID()}`,
      persistence: this.offsetsTopic,
    });
  }

  /** Load the groups of every offsets partition this broker leads, and start the session and retention timers. */
  start(tickMs = 100): void {
    if (this.offsetsTopic.exists()) this.loadAll();
    this.metadata.onChange((c) => {
      if (c.type === 'topic-deleted') this.coordinator.deleteTopicOffsets(c.topic.name);
    });
    this.timers = [setInterval(() => this.tick(), tickMs), setInterval(() => this.coordinator.expireOffsets(), this.config.offsetsRetentionCheckIntervalMs)];
  }

  /** Make sure __consumer_offsets exists (first use creates it) and its partitions are loaded. */
  async ready(): Promise<void> {
    if (await this.offsetsTopic.ensureExists()) this.loadAll();
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  private tick(): void {
    this.coordinator.tick();
    this.offsetsTopic.compactIfNeeded((p) => this.coordinator.snapshotRecords(p));
  }

  private loadAll(): void {
    const topic = this.metadata.topic('__consumer_offsets');
    for (const a of topic?.partitions ?? []) {
      if (a.leader !== this.metadata.localNodeId) continue;
      this.coordinator.loadPartition(a.partition, this.offsetsTopic.readAll(a.partition));
    }
    this.logger.info({ groups: this.coordinator.listGroups().length }, 'group coordinator loaded');
  }
}
