import type { KRaftClusterMetadata } from '../cluster/kraft-cluster-metadata';
import type { BrokerConfig } from '../config/broker-config';
import type { BrokerLifecycle } from '../metadata-follower/broker-lifecycle';
import type { MetadataFollower } from '../metadata-follower/metadata-follower';
import type { ReplicaManager } from '../partitions/replica-manager';

export interface HealthDeps {
  readonly config: BrokerConfig;
  readonly clusterId: string;
  readonly follower: MetadataFollower;
  readonly lifecycle: BrokerLifecycle;
  readonly metadata: KRaftClusterMetadata;
  readonly replicas: ReplicaManager;
}

/**
 * GET /health: the controller this broker follows, its state at the controller (fenced /
 * unfenced), the metadata offset applied and the lag behind the high watermark. 503 while fenced,
 * not caught up, with a broken metadata replay, or with a partition whose log went offline.
 */
export function brokerHealth(d: HealthDeps): { status: number; body: unknown } {
  const offlinePartitions = d.replicas.offlinePartitions();
  const r = d.follower.replayer;
  const leader = d.follower.tracker.leader;
  const problems: string[] = [];
  if (d.lifecycle.state !== 'unfenced') problems.push(d.lifecycle.state);
  if (!d.follower.caughtUp) problems.push('metadata-lagging');
  if (d.follower.broken) problems.push('metadata-broken');
  if (offlinePartitions.length > 0) problems.push('offline-partitions');
  const status = problems.length === 0 ? 'ok' : 'degraded';
  return {
    status: status === 'ok' ? 200 : 503,
    body: {
      status,
      problems,
      nodeId: d.config.nodeId,
      clusterId: d.clusterId,
      brokerState: d.lifecycle.state,
      brokerEpoch: d.lifecycle.brokerEpoch,
      controller: { leaderId: leader.leaderId, epoch: leader.epoch, heartbeatsTo: d.lifecycle.heartbeatController, msSinceFetch: d.follower.msSinceContact() },
      metadata: { appliedOffset: r.lastAppliedOffset, highWatermark: r.highWatermark, lag: r.lag, caughtUp: d.follower.caughtUp, broken: d.follower.broken },
      topics: d.metadata.topics().length,
      offlinePartitions,
    },
  };
}
