import { join } from 'node:path';
import { batchSizeAt } from '@orderlab/kafka-protocol';
import { FileLogStore, DEFAULT_LOG_CONFIG, type FileSystemPort, type PartitionLog } from '@orderlab/log-store';
import { MemoryStorage, RaftUsageError, batchEndOffset, type EpochEnd, type HardState, type LogBatch, type RaftStorage, type Ready, type Snapshot, type StorageResult } from '@orderlab/raft';
import type { Clock, Logger } from '@orderlab/shared';
import type { LogBatchCodec } from './log-batch-codec';
import { DataDirError } from './meta-properties';
import { QuorumStateFile } from './quorum-state-file';
import { SnapshotStore } from './snapshot-store';

export const METADATA_TOPIC = '__cluster_metadata';
export const METADATA_PARTITION = 0;

export interface FileRaftStorageOptions {
  readonly fs: FileSystemPort;
  readonly dataDir: string;
  readonly voters: readonly number[];
  readonly segmentBytes: number;
  readonly codec: LogBatchCodec;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * RaftStorage on disk, in Kafka's layout under `<data-dir>/__cluster_metadata-0/`: the log as
 * segments (libs/log-store; each LogBatch a RecordBatch v2 whose partitionLeaderEpoch is its
 * epoch), `quorum-state` for the hard state, and `<end>-<epoch>.checkpoint` snapshots. Reads are
 * served from an in-memory view of the log since the latest snapshot (a MemoryStorage: its
 * epoch index is compacted with the log, so both stay bounded by the snapshot interval).
 * `persist` is step 1 of the Ready contract and returns only after fsync.
 */
export class FileRaftStorage implements RaftStorage {
  private readonly view = new MemoryStorage();
  private readonly store: FileLogStore;
  private readonly log: PartitionLog;
  private readonly quorumState: QuorumStateFile;
  private readonly snapshots: SnapshotStore;
  readonly partitionDir: string;

  constructor(private readonly o: FileRaftStorageOptions) {
    this.partitionDir = join(o.dataDir, `${METADATA_TOPIC}-${METADATA_PARTITION}`);
    this.store = new FileLogStore({ dir: o.dataDir, fs: o.fs, clock: o.clock, logger: o.logger });
    this.log = this.store.open(METADATA_TOPIC, METADATA_PARTITION, { ...DEFAULT_LOG_CONFIG, segmentBytes: o.segmentBytes, retentionMs: -1, retentionBytes: -1 });
    this.quorumState = new QuorumStateFile(o.fs, join(this.partitionDir, 'quorum-state'), o.voters);
    this.snapshots = new SnapshotStore(o.fs, this.partitionDir, o.logger);
    this.view.setHardState(this.quorumState.read());
    this.load();
  }

  // ---- RaftStorage (read by the core) ----

  initialHardState(): HardState {
    return this.view.initialHardState();
  }
  firstOffset(): number {
    return this.view.firstOffset();
  }
  endOffset(): number {
    return this.view.endOffset();
  }
  batches(from: number, to: number, maxBytes: number): StorageResult<readonly LogBatch[]> {
    return this.view.batches(from, to, maxBytes);
  }
  epochOf(offset: number): StorageResult<number> {
    return this.view.epochOf(offset);
  }
  endOffsetForEpoch(epoch: number): EpochEnd | undefined {
    return this.view.endOffsetForEpoch(epoch);
  }
  lastEpoch(): number {
    return this.view.lastEpoch();
  }
  snapshot(): Snapshot | undefined {
    return this.view.snapshot();
  }

  // ---- the driver's side ----

  /** Step 1 of the Ready contract: hard state, snapshot, truncation, entries — durable when it returns. */
  persist(ready: Ready): void {
    if (ready.hardState) this.quorumState.write(ready.hardState);
    if (ready.hardState) this.view.setHardState(ready.hardState);
    if (ready.snapshot) this.installSnapshot(ready.snapshot);
    let wroteLog = false;
    if (ready.truncateTo !== undefined && ready.truncateTo < this.log.logEndOffset()) {
      this.o.logger.warn({ from: ready.truncateTo, to: this.log.logEndOffset() }, 'metadata log truncated: these offsets diverged from the leader\'s log and were never committed');
      this.log.truncateTo(ready.truncateTo);
      this.view.truncateTo(ready.truncateTo);
      wroteLog = true;
    }
    for (const batch of ready.entries) {
      this.appendToLog(batch);
      this.view.append([batch]);
      wroteLog = true;
    }
    if (wroteLog) this.log.flush();
  }

  /** A snapshot this node made: written durably, then the log is compacted below it. */
  saveSnapshot(snapshot: Snapshot): void {
    this.snapshots.write(snapshot);
    this.view.saveSnapshot(snapshot);
    this.view.compact(snapshot.endOffset);
    this.log.deleteRecordsBefore(snapshot.endOffset);
  }

  close(): void {
    this.store.close();
  }

  /** A snapshot from the leader replaces the whole log: file first, then the log restarts at its end (load() repeats that after a crash in between). */
  private installSnapshot(snapshot: Snapshot): void {
    this.snapshots.write(snapshot);
    this.log.truncateFullyAndStartAt(snapshot.endOffset);
    this.view.installSnapshot(snapshot);
  }

  private appendToLog(batch: LogBatch): void {
    if (batch.baseOffset !== this.log.logEndOffset()) {
      throw new RaftUsageError('STORAGE_ERROR', `append at ${batch.baseOffset} but the metadata log ends at ${this.log.logEndOffset()}`);
    }
    const bytes = this.o.codec.encode(batch);
    this.log.append(bytes, { leaderEpoch: batch.epoch });
  }

  /**
   * Startup: the latest snapshot, then the log after it. Kafka's rule for a crash between a
   * snapshot install and the log reset: a snapshot past the log's end, or one whose last record
   * the log does not hold in the same epoch, wins and the log starts over at its end.
   */
  private load(): void {
    const snapshot = this.latestReadableSnapshot();
    const batches = this.readLog();
    if (!snapshot) {
      if (this.log.logStartOffset() > 0) {
        throw new DataDirError('DATA_DIR.CORRUPT', `${this.partitionDir}: the log starts at ${this.log.logStartOffset()} but no snapshot covers what is before it`);
      }
      this.view.append(batches);
      return;
    }
    this.view.installSnapshot(snapshot);
    const covered = batches.findIndex((b) => b.baseOffset === snapshot.endOffset);
    const lastCovered = batches.find((b) => batchEndOffset(b) === snapshot.endOffset);
    const logHoldsSnapshotEnd = lastCovered !== undefined && lastCovered.epoch === snapshot.epoch;
    if (!logHoldsSnapshotEnd && this.log.logStartOffset() < snapshot.endOffset) {
      this.o.logger.warn({ snapshotEnd: snapshot.endOffset, logEnd: this.log.logEndOffset() }, 'metadata log does not continue the latest snapshot: it starts over at the snapshot');
      this.log.truncateFullyAndStartAt(snapshot.endOffset);
      return;
    }
    if (covered >= 0) this.view.append(batches.slice(covered));
    else if (this.log.logEndOffset() !== snapshot.endOffset) this.log.truncateFullyAndStartAt(snapshot.endOffset);
    this.log.deleteRecordsBefore(snapshot.endOffset);
  }

  private latestReadableSnapshot(): Snapshot | undefined {
    const ids = this.snapshots.list();
    const latest = ids[ids.length - 1];
    return latest ? this.snapshots.read(latest) : undefined;
  }

  /** Every batch from the log start (bounded by the snapshot interval and segment size). */
  private readLog(): LogBatch[] {
    const out: LogBatch[] = [];
    let offset = this.log.logStartOffset();
    const end = this.log.logEndOffset();
    while (offset < end) {
      const { chunks } = this.log.read(offset, 4 << 20);
      if (chunks.length === 0) break;
      for (const chunk of chunks) {
        for (let at = 0; at < chunk.length; ) {
          const size = batchSizeAt(chunk, at);
          const batch = this.o.codec.decode(Buffer.from(chunk.subarray(at, at + size)));
          at += size;
          if (batchEndOffset(batch) <= offset) continue;
          out.push(batch);
          offset = batchEndOffset(batch);
        }
      }
    }
    return out;
  }
}
