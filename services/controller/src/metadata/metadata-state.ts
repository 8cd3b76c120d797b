import {
  EMPTY_IMAGE,
  MetadataApplyError,
  applyBatch,
  decodeMetadataRecord,
  SnapshotFileBuilder,
  decodeSnapshotFile,
  imageToRecordChunks,
  loadSnapshot,
  type MetadataImage,
} from '@orderlab/metadata';
import { DecodeError } from '@orderlab/kafka-protocol';
import { batchEndOffset, type LogBatch, type Snapshot } from '@orderlab/raft';
import type { Logger } from '@orderlab/shared';

export interface SnapshotPolicy {
  readonly maxNewRecords: number;
  readonly maxNewBytes: number;
}

/**
 * The committed metadata image of this controller: every committed batch, in order, through
 * libs/metadata's one apply. Its position is the end of the last committed batch (control
 * batches included), so an image loaded from a snapshot at offset N equals one replayed to N.
 * A batch that does not decode or apply stops replay for good (the log or its replay is broken):
 * it is logged, the health endpoint says so, and this node never becomes active.
 */
export class MetadataState {
  image: MetadataImage = EMPTY_IMAGE;
  /** Everything below this offset is in `image`. */
  appliedEnd = 0;
  private appliedEpoch = 0;
  private recordsSinceSnapshot = 0;
  private bytesSinceSnapshot = 0;
  broken: { readonly offset: number; readonly reason: string } | undefined;

  constructor(
    private readonly policy: SnapshotPolicy,
    private readonly logger: Logger,
  ) {}

  restore(snapshot: Snapshot): void {
    const { records } = decodeSnapshotFile(snapshot.bytes);
    this.image = loadSnapshot(records, snapshot.endOffset - 1, snapshot.epoch);
    this.appliedEnd = snapshot.endOffset;
    this.appliedEpoch = snapshot.epoch;
    this.recordsSinceSnapshot = 0;
    this.bytesSinceSnapshot = 0;
    this.broken = undefined;
  }

  apply(batch: LogBatch): void {
    const end = batchEndOffset(batch);
    if (this.broken) return;
    try {
      const records = batch.control ? [] : batch.records.map((r) => decodeMetadataRecord(r));
      const applied = applyBatch(this.image, records, batch.baseOffset, batch.epoch);
      this.image = { ...applied, lastAppliedOffset: end - 1, lastAppliedEpoch: batch.epoch };
    } catch (e) {
      if (!(e instanceof MetadataApplyError) && !(e instanceof DecodeError)) throw e;
      this.broken = { offset: batch.baseOffset, reason: e.message };
      this.logger.error({ offset: batch.baseOffset, epoch: batch.epoch, err: e.message }, 'metadata log replay failed: this controller stops applying and will not become active');
      return;
    }
    this.appliedEnd = end;
    this.appliedEpoch = batch.epoch;
    this.recordsSinceSnapshot += batch.records.length;
    for (const r of batch.records) this.bytesSinceSnapshot += r.length;
  }

  snapshotDue(): boolean {
    if (this.broken || this.appliedEnd === 0) return false;
    return this.recordsSinceSnapshot >= this.policy.maxNewRecords || this.bytesSinceSnapshot >= this.policy.maxNewBytes;
  }

  /** Where a snapshot taken now stands: the (immutable) image at appliedEnd. Counting starts again. */
  snapshotPoint(): { readonly image: MetadataImage; readonly endOffset: number; readonly epoch: number } {
    this.recordsSinceSnapshot = 0;
    this.bytesSinceSnapshot = 0;
    return { image: this.image, endOffset: this.appliedEnd, epoch: this.appliedEpoch };
  }
}

/** How many records are encoded per turn of the event loop while a snapshot is built. */
const RECORDS_PER_TURN = 500;

/**
 * The snapshot of `image` in KRaft's format, built a few hundred records per turn of the event
 * loop: a snapshot of a large image takes hundreds of milliseconds, and a controller that blocks
 * that long misses fetches (check-quorum, fetch timeouts) and heartbeats.
 */
export async function buildSnapshot(point: ReturnType<MetadataState['snapshotPoint']>, nowMs: number, nextTurn: () => Promise<void>): Promise<Snapshot> {
  const builder = new SnapshotFileBuilder(point.epoch, nowMs);
  for (const chunk of imageToRecordChunks(point.image, RECORDS_PER_TURN)) {
    builder.add(chunk);
    await nextTurn();
  }
  return { endOffset: point.endOffset, epoch: point.epoch, bytes: builder.finish() };
}
