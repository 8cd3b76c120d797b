import {
  CONSUMER_OFFSETS_TOPIC,
  ErrorCode,
  batchSizeAt,
  decodeBatchRecords,
  encodeRecordBatch,
  readBatchHeader,
} from '@orderlab/kafka-protocol';
import type { Clock, Logger } from '@orderlab/shared';
import type { ClusterMetadata } from '../cluster/cluster-metadata';
import type { GroupPersistence, GroupRecord } from '../groups';
import type { Partition } from '../partitions/partition';
import type { ReplicaManager } from '../partitions/replica-manager';
import { fromKafkaRecord, toKafkaRecord } from './group-records-codec';

/** Write a snapshot and drop what it supersedes once a partition has this many records beyond its last snapshot. */
const SNAPSHOT_EVERY_RECORDS = 1000;

/**
 * The internal __consumer_offsets topic as the coordinator's durable store: records are
 * appended as ordinary batches (so they replicate like any partition once replication
 * exists), replayed at load, and kept bounded by snapshot-and-truncate: the live value of
 * every key is appended as one batch and everything before it is deleted.
 */
export class OffsetsTopic implements GroupPersistence {
  private readonly sinceSnapshot = new Map<number, number>();

  constructor(
    private readonly metadata: ClusterMetadata,
    private readonly replicas: ReplicaManager,
    private readonly partitions: number,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  exists(): boolean {
    return this.metadata.topic(CONSUMER_OFFSETS_TOPIC) !== undefined;
  }

  /** Kafka creates the topic on first use; so do we. Returns true when it was created now. */
  async ensureExists(): Promise<boolean> {
    if (this.exists()) return false;
    const outcome = await this.metadata.createTopic(
      { name: CONSUMER_OFFSETS_TOPIC, numPartitions: this.partitions, replicationFactor: -1, assignments: [], configs: { 'retention.ms': '-1', 'segment.bytes': String(16 * 1024 * 1024) }, internal: true },
      false,
    );
    if (outcome.errorCode !== 0 && !this.exists()) throw new Error(`cannot create ${CONSUMER_OFFSETS_TOPIC}: ${outcome.message}`);
    this.logger.info({ partitions: this.partitions }, `created ${CONSUMER_OFFSETS_TOPIC}`);
    return true;
  }

  persist(offsetsPartition: number, records: readonly GroupRecord[], done: (errorCode: number) => void): void {
    const partition = this.partition(offsetsPartition);
    if (!partition || records.length === 0) return done(partition ? ErrorCode.NONE : ErrorCode.NOT_COORDINATOR);
    this.append(partition, records);
    this.sinceSnapshot.set(offsetsPartition, (this.sinceSnapshot.get(offsetsPartition) ?? 0) + records.length);
    done(ErrorCode.NONE);
  }

  /** Every record of a partition from its log start, in order (for loading the coordinator). */
  readAll(offsetsPartition: number): GroupRecord[] {
    const partition = this.partition(offsetsPartition);
    if (!partition) return [];
    const out: GroupRecord[] = [];
    const { chunks } = partition.log.read(partition.logStartOffset(), Number.MAX_SAFE_INTEGER);
    for (const chunk of chunks) {
      for (let at = 0; at < chunk.length; ) {
        const size = batchSizeAt(chunk, at);
        for (const r of decodeBatchRecords(chunk.subarray(at, at + size))) {
          const record = r.offset >= partition.logStartOffset() ? fromKafkaRecord(r.key, r.value) : null;
          if (record) out.push(record);
        }
        at += size;
      }
    }
    return out;
  }

  /** Snapshot-and-truncate partitions that grew enough; `live` gives the current value of every key. */
  compactIfNeeded(live: (offsetsPartition: number) => GroupRecord[]): void {
    for (const [p, count] of this.sinceSnapshot) {
      if (count < SNAPSHOT_EVERY_RECORDS) continue;
      this.compact(p, live(p));
    }
  }

  compact(offsetsPartition: number, live: readonly GroupRecord[]): void {
    const partition = this.partition(offsetsPartition);
    if (!partition) return;
    const snapshotStart = partition.logEndOffset();
    if (live.length > 0) this.append(partition, live);
    partition.log.deleteRecordsBefore(snapshotStart);
    this.sinceSnapshot.set(offsetsPartition, 0);
    this.logger.debug({ partition: offsetsPartition, keys: live.length, logStartOffset: snapshotStart }, `compacted ${CONSUMER_OFFSETS_TOPIC}-${offsetsPartition}`);
  }

  private append(partition: Partition, records: readonly GroupRecord[]): void {
    const batch = encodeRecordBatch({ records: records.map(toKafkaRecord), baseTimestamp: this.clock.now() });
    const outcome = partition.appendBatch(batch, readBatchHeader(batch));
    if (outcome.errorCode !== 0) throw new Error(`append to ${CONSUMER_OFFSETS_TOPIC} failed with ${outcome.errorCode}`);
  }

  private partition(offsetsPartition: number): Partition | undefined {
    const found = this.replicas.lookup(CONSUMER_OFFSETS_TOPIC, offsetsPartition);
    return 'partition' in found ? found.partition : undefined;
  }
}
