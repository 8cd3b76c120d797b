import { randomUUID } from 'node:crypto';
import { CONSUMER_OFFSETS_TOPIC } from '@orderlab/kafka-protocol';
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
  private readonly loaded = new Set<number>();

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

  /**
   * Load the groups of every offsets partition this broker leads, follow leadership as it moves
   * (load a partition that becomes ours, unload one that moves away), and start the session and
   * retention timers.
   */
  start(tickMs = 100): void {
    this.reconcile();
    this.metadata.onChange((c) => {
      if (c.type === 'topic-deleted') this.coordinator.deleteTopicOffsets(c.topic.name);
      if (c.topic.name === CONSUMER_OFFSETS_TOPIC && c.type !== 'configs-changed') this.reconcile();
    });
    this.timers = [setInterval(() => this.tick(), tickMs), setInterval(() => this.coordinator.expireOffsets(), this.config.offsetsRetentionCheckIntervalMs)];
  }

  /** Make sure __consumer_offsets exists (first use creates it) and its partitions are loaded. */
  async ready(): Promise<void> {
    await this.offsetsTopic.ensureExists();
    this.reconcile();
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  private tick(): void {
    this.coordinator.tick();
    this.offsetsTopic.compactIfNeeded((p) => this.coordinator.snapshotRecords(p));
  }

  /** Offsets partitions loaded here match the ones this broker leads in the image. */
  private reconcile(): void {
    const topic = this.metadata.topic(CONSUMER_OFFSETS_TOPIC);
    const leading = new Set((topic?.partitions ?? []).filter((a) => a.leader === this.metadata.localNodeId).map((a) => a.partition));
    let changed = false;
    for (const p of [...this.loaded]) {
      if (leading.has(p)) continue;
      this.coordinator.unloadPartition(p);
      this.loaded.delete(p);
      this.logger.info({ partition: p }, `unloaded consumer groups of ${CONSUMER_OFFSETS_TOPIC}-${p}: leadership moved away`);
      changed = true;
    }
    for (const p of leading) {
      if (this.loaded.has(p)) continue;
      this.coordinator.loadPartition(p, this.offsetsTopic.readAll(p));
      this.loaded.add(p);
      changed = true;
    }
    if (changed) this.logger.info({ groups: this.coordinator.listGroups().length, partitionsLed: this.loaded.size }, 'group coordinator loaded');
  }
}
