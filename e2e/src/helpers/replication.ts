import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RawKafkaClient } from '@orderlab/cli';
import { CreateTopicsRequest, CreateTopicsResponse, ListOffsetsRequest, ListOffsetsResponse, ProduceRequest, ProduceResponse, encodeRecordBatch } from '@orderlab/kafka-protocol';
import type { ClusterProcess } from './cluster-process';

/** One partition of the active controller's image. */
export interface PartitionView {
  readonly leader: number;
  readonly leaderEpoch: number;
  readonly isr: number[];
  readonly replicas: number[];
}

export async function partitionView(cluster: ClusterProcess, topic: string, partition = 0): Promise<PartitionView | undefined> {
  return (await cluster.metadata()).topics.find((t) => t.name === topic)?.partitions.find((p) => p.partition === partition);
}

/** Polls the controllers' image until the partition satisfies `ok`. */
export function waitForPartition(cluster: ClusterProcess, topic: string, ok: (p: PartitionView) => boolean, description: string, timeoutMs = 20_000): Promise<PartitionView> {
  return cluster.waitForMetadata((m) => {
    const p = m.topics.find((t) => t.name === topic)?.partitions.find((x) => x.partition === 0);
    return p && ok(p) ? p : undefined;
  }, description, timeoutMs, 50);
}

/** CreateTopics through one broker with a replication factor and configs (e.g. min.insync.replicas). */
export async function createReplicatedTopic(cluster: ClusterProcess, name: string, replicationFactor: number, configs: Record<string, string> = {}, numPartitions = 1): Promise<void> {
  const client = await RawKafkaClient.connect(cluster.brokers[0]!.port);
  try {
    const res = await client.send(CreateTopicsRequest, CreateTopicsResponse, 4, {
      topics: [{ name, numPartitions, replicationFactor, assignments: [], configs: Object.entries(configs).map(([n, value]) => ({ name: n, value })) }],
      timeoutMs: 10_000,
      validateOnly: false,
    });
    const t = res.topics[0];
    if (!t || t.errorCode !== 0) throw new Error(`CreateTopics ${name}: error ${t?.errorCode} ${t?.errorMessage ?? ''}`);
  } finally {
    client.close();
  }
}

/** One Produce (v7) of `values` as one batch, straight to a broker, with the answer as sent: no client retries hide an error code. */
export async function rawProduce(port: number, topic: string, values: readonly string[], acks: -1 | 1, timeoutMs = 10_000): Promise<{ errorCode: number; baseOffset: number; errorMessage: string | null }> {
  const client = await RawKafkaClient.connect(port);
  try {
    const records = encodeRecordBatch({ records: values.map((v) => ({ key: v, value: v })), baseTimestamp: Date.now() });
    const res = await client.send(ProduceRequest, ProduceResponse, 7, { transactionalId: null, acks, timeoutMs, topicData: [{ name: topic, partitionData: [{ index: 0, records }] }] });
    const p = res.responses[0]?.partitionResponses[0];
    return { errorCode: p?.errorCode ?? -1, baseOffset: Number(p?.baseOffset ?? -1), errorMessage: p?.errorMessage ?? null };
  } finally {
    client.close();
  }
}

/** ListOffsets latest (= the high watermark) from one broker; -1 with the error code when it is not the leader. */
export async function highWatermark(port: number, topic: string): Promise<{ errorCode: number; offset: number }> {
  const client = await RawKafkaClient.connect(port);
  try {
    const res = await client.send(ListOffsetsRequest, ListOffsetsResponse, 5, { replicaId: -1, isolationLevel: 0, topics: [{ name: topic, partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1 }] }] });
    const p = res.topics[0]?.partitions[0];
    return { errorCode: p?.errorCode ?? -1, offset: Number(p?.offset ?? -1) };
  } finally {
    client.close();
  }
}

/** The bytes of every segment of a partition on one broker's disk, in offset order (replicas append the leader's bytes as they are). */
export function partitionLogBytes(dataDir: string, topic: string, partition = 0): Buffer {
  const dir = join(dataDir, 'logs', `${topic}-${partition}`);
  const segments = readdirSync(dir).filter((f) => f.endsWith('.log')).sort();
  return Buffer.concat(segments.map((f) => readFileSync(join(dir, f))));
}
