import { CONSUMER_OFFSETS_TOPIC, ErrorCode, encodeRecordBatch, readBatchHeader } from '@orderlab/kafka-protocol';
import type { Clock, Logger } from '@orderlab/shared';
import type { ClusterMetadata } from '../cluster/cluster-metadata';
import type { GroupPersistence, GroupRecord } from '../groups';
import type { Partition } from '../partitions/partition';
import type { ReplicaManager } from '../partitions/replica-manager';
import { toKafkaRecord } from './group-records-codec';
import { readOffsetsLog } from './offsets-log-reader';

/** Write a snapshot and drop what it supersedes once a partition has this many records beyond its last snapshot. */
const SNAPSHOT_EVERY_RECORDS = 1000;
/** Kafka's offsets.commit.timeout.ms: how long a commit waits for the ISR before REQUEST_TIMED_OUT. */
const COMMIT_TIMEOUT_MS = 5000;
/** Unreadable records reported one by one per partition at load; the rest are counted. */
const UNREADABLE_REPORTED = 20;

/**
 * The internal __consumer_offsets topic as the coordinator's durable store: records are
 * appended as ordinary batches and replicate like any partition; a write counts (done(0)) only
 * once the ISR has it (Kafka's offsets.commit.required.acks -1), so a coordinator that moves to
 * another broker reloads every acknowledged commit from its replicated log. Kept bounded by
 * snapshot-and-truncate: the live value of every key is appended as one batch and everything
 * before it is deleted (followers learn the new log start from their fetches).
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

  /** Kafka creates the topic on first use (through the controller, placed like any topic); so do we. Returns true when it was created now. */
  async ensureExists(): Promise<boolean> {
    if (this.exists()) return false;
    const outcome = await this.metadata.createTopic(
      { name: CONSUMER_OFFSETS_TOPIC, numPartitions: this.partitions, replicationFactor: -1, assignments: [], configs: { 'segment.bytes': String(16 * 1024 * 1024) }, internal: true },
      false,
    );
    // Another broker may have created it a moment ago (not replayed here yet): FindCoordinator then
    // answers COORDINATOR_NOT_AVAILABLE and the client asks again.
    if (outcome.errorCode === ErrorCode.TOPIC_ALREADY_EXISTS) return false;
    if (outcome.errorCode !== 0 && !this.exists()) throw new Error(`cannot create ${CONSUMER_OFFSETS_TOPIC}: ${outcome.message}`);
    this.logger.info({ partitions: this.partitions }, `created ${CONSUMER_OFFSETS_TOPIC}`);
    return true;
  }

  persist(offsetsPartition: number, records: readonly GroupRecord[], done: (errorCode: number) => void): void {
    const partition = this.partition(offsetsPartition);
    if (!partition || records.length === 0) return done(partition ? ErrorCode.NONE : ErrorCode.NOT_COORDINATOR);
    const { errorCode, nextOffset } = this.append(partition, records);
    if (errorCode !== ErrorCode.NONE) return done(errorCode);
    this.sinceSnapshot.set(offsetsPartition, (this.sinceSnapshot.get(offsetsPartition) ?? 0) + records.length);
    let answered = false;
    const answer = (code: number): void => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      done(code);
    };
    const timer = setTimeout(() => answer(ErrorCode.REQUEST_TIMED_OUT), COMMIT_TIMEOUT_MS);
    void partition.awaitReplication(nextOffset, 1).then(answer);
  }

  /** Every readable record of a partition from its log start, in order (for loading the coordinator). */
  readAll(offsetsPartition: number): GroupRecord[] {
    const partition = this.partition(offsetsPartition);
    if (!partition) return [];
    const fromOffset = partition.logStartOffset();
    const { chunks } = partition.log.read(fromOffset, Number.MAX_SAFE_INTEGER);
    const { records, unreadable } = readOffsetsLog({ partition: offsetsPartition, partitionCount: this.partitions, fromOffset, chunks });
    for (const u of unreadable.slice(0, UNREADABLE_REPORTED)) {
      this.logger.error({ topic: CONSUMER_OFFSETS_TOPIC, partition: offsetsPartition, offset: u.offset, reason: u.reason }, `corrupt group data: unreadable record in ${CONSUMER_OFFSETS_TOPIC}-${offsetsPartition} at offset ${u.offset} (${u.reason}): skipped`);
    }
    if (unreadable.length > UNREADABLE_REPORTED) {
      this.logger.error({ topic: CONSUMER_OFFSETS_TOPIC, partition: offsetsPartition, unreadable: unreadable.length }, `corrupt group data: ${unreadable.length} unreadable records skipped in ${CONSUMER_OFFSETS_TOPIC}-${offsetsPartition}`);
    }
    return records;
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
    const errorCode = live.length > 0 ? this.append(partition, live).errorCode : ErrorCode.NONE;
    if (errorCode !== ErrorCode.NONE) {
      this.logger.warn({ partition: offsetsPartition, errorCode }, `could not write the snapshot of ${CONSUMER_OFFSETS_TOPIC}-${offsetsPartition} (error ${errorCode}); keeping its log`);
      return;
    }
    partition.log.deleteRecordsBefore(snapshotStart);
    this.sinceSnapshot.set(offsetsPartition, 0);
    this.logger.debug({ partition: offsetsPartition, keys: live.length, logStartOffset: snapshotStart }, `compacted ${CONSUMER_OFFSETS_TOPIC}-${offsetsPartition}`);
  }

  private append(partition: Partition, records: readonly GroupRecord[]): { errorCode: number; nextOffset: number } {
    const batch = encodeRecordBatch({ records: records.map(toKafkaRecord), baseTimestamp: this.clock.now() });
    const outcome = partition.appendBatch(batch, readBatchHeader(batch));
    if (outcome.errorCode !== ErrorCode.NONE) this.logger.warn({ partition: partition.index, errorCode: outcome.errorCode }, `append to ${CONSUMER_OFFSETS_TOPIC}-${partition.index} failed with error ${outcome.errorCode}`);
    return { errorCode: outcome.errorCode, nextOffset: outcome.nextOffset };
  }

  private partition(offsetsPartition: number): Partition | undefined {
    const found = this.replicas.lookup(CONSUMER_OFFSETS_TOPIC, offsetsPartition);
    return 'partition' in found ? found.partition : undefined;
  }
}
