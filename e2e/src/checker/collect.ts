import type { Kafka } from 'kafkajs';
import type { ClusterProcess } from '../helpers/cluster-process';
import { waitFor } from '../helpers/wait-for';
import type { History, PartitionState, ReadRecord, ReplicaLog, SendRecord } from './history';
import { readReplicaLog } from './replica-logs';

/**
 * Reads a topic back with a fresh kafkajs consumer (a new group, from the beginning) until every
 * partition is read up to its high watermark (ListOffsets latest): what any client can see.
 */
export async function readBack(kafka: Kafka, topic: string, timeoutMs = 30_000): Promise<ReadRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.high)]));
  await admin.disconnect();
  const reads: ReadRecord[] = [];
  const next = new Map<number, number>();
  const consumer = kafka.consumer({ groupId: `checker-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`, maxWaitTimeInMs: 200, sessionTimeout: 10_000, heartbeatInterval: 500 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          reads.push({ id: m.value?.toString() ?? '', key: m.key?.toString() ?? '', partition: batch.partition, offset: Number(m.offset) });
          next.set(batch.partition, Number(m.offset) + 1);
        }
      },
    });
    await waitFor(() => [...ends].every(([p, end]) => end === 0 || (next.get(p) ?? 0) >= end), {
      timeoutMs,
      intervalMs: 100,
      description: `a fresh consumer to read ${topic} up to ${JSON.stringify(Object.fromEntries(ends))} (at ${JSON.stringify(Object.fromEntries(next))})`,
    });
  } finally {
    await consumer.disconnect();
  }
  return reads;
}

/**
 * Each partition's high watermark and committed ISR once the cluster is quiet: the HW the leader
 * reports is polled until it stops moving and every ISR member's files reach it, so the replica
 * comparison does not race a follower's last fetch.
 */
export async function partitionStates(cluster: ClusterProcess, kafka: Kafka, topic: string, timeoutMs = 45_000): Promise<PartitionState[]> {
  let admin = kafka.admin();
  await admin.connect();
  try {
    let previous = '';
    return await waitFor(
      async () => {
        const image = await cluster.metadata();
        const parts = image.topics.find((t) => t.name === topic)?.partitions ?? [];
        let offsets: Awaited<ReturnType<typeof admin.fetchTopicOffsets>>;
        try {
          offsets = await admin.fetchTopicOffsets(topic);
        } catch (e) {
          // A kafkajs admin that held a connection to the killed broker can keep answering
          // "Broker not connected" after the restart: start over with a fresh one.
          await admin.disconnect().catch(() => undefined);
          admin = kafka.admin();
          await admin.connect();
          throw e;
        }
        const hw = new Map(offsets.map((o) => [o.partition, Number(o.high)]));
        const states = parts.map((p) => ({ partition: p.partition, highWatermark: hw.get(p.partition) ?? 0, isr: [...p.isr].sort((a, b) => a - b) })).sort((a, b) => a.partition - b.partition);
        const now = JSON.stringify(states);
        const stable = now === previous;
        previous = now;
        if (!stable) return undefined;
        const caughtUp = states.every((s) => s.isr.every((id) => logEnd(readReplicaLog(cluster.broker(id).dataDir, id, topic, s.partition)) >= s.highWatermark));
        return caughtUp ? states : undefined;
      },
      { timeoutMs, intervalMs: 300, description: `${topic}'s high watermarks and ISRs to settle with every ISR member's files at the HW (last ${previous})` },
    );
  } finally {
    await admin.disconnect();
  }
}

function logEnd(r: ReplicaLog): number {
  return r.batches.reduce((n, b) => Math.max(n, b.lastOffset + 1), 0);
}

/** Every broker's files for every partition of the topic (a broker that is not a replica has none). */
export function replicaLogs(cluster: ClusterProcess, topic: string, partitions: number): ReplicaLog[] {
  return cluster.brokers.flatMap((b) => Array.from({ length: partitions }, (_, p) => readReplicaLog(b.dataDir, b.nodeId, topic, p)));
}

/** The whole history of a run: sends, a fresh read back, the replicas' files and the end state. */
export async function collectHistory(cluster: ClusterProcess, kafka: Kafka, topic: string, partitions: number, sends: readonly SendRecord[]): Promise<History> {
  const states = await partitionStates(cluster, kafka, topic);
  const reads = await readBack(kafka, topic);
  return { sends, reads, partitions: states, replicas: replicaLogs(cluster, topic, partitions) };
}
