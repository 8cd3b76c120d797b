import type { ClusterMetadataJson, ClusterProcess } from './cluster-process';
import { readReplicaLog } from '../checker/replica-logs';

export type PartitionImage = ClusterMetadataJson['topics'][number]['partitions'][number];

/** For the failover suites: a topic replicated on every broker (rf 3 on the 3-broker cluster) with min.insync.replicas, created through kafkajs. */
export async function createFailoverTopic(cluster: ClusterProcess, topic: string, o: { partitions: number; replicationFactor?: number; minIsr?: number }): Promise<void> {
  const admin = cluster.kafka().admin();
  await admin.connect();
  try {
    const created = await admin.createTopics({
      topics: [{ topic, numPartitions: o.partitions, replicationFactor: o.replicationFactor ?? 3, configEntries: [{ name: 'min.insync.replicas', value: String(o.minIsr ?? 2) }] }],
      waitForLeaders: true,
    });
    if (!created) throw new Error(`topic ${topic} already existed`);
  } finally {
    await admin.disconnect();
  }
  // Every replica in the ISR before the test faults anything.
  await waitForPartitions(cluster, topic, (ps) => ps.length === o.partitions && ps.every((p) => p.leader >= 0 && p.isr.length === (o.replicationFactor ?? 3)), `${topic}: leaders and full ISRs`);
}

/** The committed image of a topic's partitions (active controller's /metadata), sorted by partition. */
export function partitionsIn(m: ClusterMetadataJson, topic: string): PartitionImage[] {
  return [...(m.topics.find((t) => t.name === topic)?.partitions ?? [])].sort((a, b) => a.partition - b.partition);
}

/** Polls the controller's image until the topic's partitions satisfy `ok`; returns them. */
export function waitForPartitions(cluster: ClusterProcess, topic: string, ok: (ps: PartitionImage[]) => boolean, description: string, timeoutMs = 20_000): Promise<PartitionImage[]> {
  let last: PartitionImage[] = [];
  return cluster
    .waitForMetadata(
      (m) => {
        last = partitionsIn(m, topic);
        return ok(last) && last;
      },
      description,
      timeoutMs,
      100,
    )
    .catch((e: Error) => {
      throw new Error(`${e.message}; last image of ${topic}: ${JSON.stringify(last)}`);
    });
}

/** The next offset after the last whole batch in one broker's files for a partition (0 if none). */
export function logEndInFiles(cluster: ClusterProcess, brokerId: number, topic: string, partition: number): number {
  return readReplicaLog(cluster.broker(brokerId).dataDir, brokerId, topic, partition).batches.reduce((n, b) => Math.max(n, b.lastOffset + 1), 0);
}
