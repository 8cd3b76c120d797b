import { NodeChannels } from '@orderlab/kafka-net';
import { ListOffsetsRequest, ListOffsetsResponse } from '@orderlab/kafka-protocol';
import type { Admin } from 'kafkajs';

export interface PartitionOffsets {
  readonly partition: number;
  readonly logStartOffset: number;
  /** High watermark: what read_uncommitted consumers can read up to. */
  readonly highWatermark: number;
  /** Last stable offset: what read_committed consumers can read up to. */
  readonly lastStableOffset: number;
}

export const EARLIEST = -2;
export const LATEST = -1;

/**
 * ListOffsets straight to each partition's leader, for both isolation levels: kafkajs's
 * admin only asks read_committed, and the high watermark needs read_uncommitted.
 */
export class OffsetsReader {
  private readonly channels = new NodeChannels({ clientId: 'orderlab-consumer-groups' });
  private endpointsLoaded: Promise<void> | null = null;

  constructor(private readonly admin: Admin) {}

  async topicOffsets(topic: string): Promise<PartitionOffsets[]> {
    const leaders = await this.leaders(topic);
    return Promise.all(
      [...leaders].map(async ([partition, leader]) => {
        const [logStartOffset, highWatermark, lastStableOffset] = await Promise.all([
          this.listOffset(leader, topic, partition, EARLIEST, 0),
          this.listOffset(leader, topic, partition, LATEST, 0),
          this.listOffset(leader, topic, partition, LATEST, 1),
        ]);
        return { partition, logStartOffset, highWatermark, lastStableOffset };
      }),
    );
  }

  /** The first offset at or after `timestamp` (or a special -1 / -2), or -1 when none. */
  async offsetForTime(topic: string, partition: number, timestamp: number): Promise<number> {
    const leader = (await this.leaders(topic)).get(partition);
    if (leader === undefined) throw new Error(`no leader for ${topic}-${partition}`);
    return this.listOffset(leader, topic, partition, timestamp, 0);
  }

  close(): void {
    this.channels.close();
  }

  private async leaders(topic: string): Promise<Map<number, number>> {
    const meta = await this.admin.fetchTopicMetadata({ topics: [topic] });
    const t = meta.topics[0];
    if (!t) throw new Error(`unknown topic ${topic}`);
    return new Map(t.partitions.map((p) => [p.partitionId, p.leader]));
  }

  private async listOffset(leader: number, topic: string, partition: number, timestamp: number, isolationLevel: number): Promise<number> {
    await this.loadEndpoints();
    const res = await this.channels.request(leader, { request: ListOffsetsRequest, response: ListOffsetsResponse }, 2, {
      replicaId: -1,
      isolationLevel,
      topics: [{ name: topic, partitions: [{ partitionIndex: partition, timestamp }] }],
    });
    const p = res.topics[0]?.partitions[0];
    if (!p || p.errorCode !== 0) throw new Error(`ListOffsets ${topic}-${partition} failed with error ${p?.errorCode}`);
    return p.offset;
  }

  /** Brokers' addresses from the cluster metadata, once: NodeChannels then connects to each leader on first use. */
  private loadEndpoints(): Promise<void> {
    this.endpointsLoaded ??= this.admin.describeCluster().then((cluster) => {
      for (const b of cluster.brokers) this.channels.setEndpoint(b.nodeId, { host: b.host, port: b.port });
    });
    return this.endpointsLoaded;
  }
}
