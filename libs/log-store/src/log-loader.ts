import { join } from 'node:path';
import type { BatchHeader } from '@orderlab/kafka-protocol';
import type { Logger } from '@orderlab/shared';
import { LeaderEpochCache } from './leader-epoch-cache';
import type { PartitionCheckpoints } from './partition-checkpoints';
import { decodeProducerSnapshot } from './producer-snapshot';
import { ProducerStateTable, type ProducerEntry } from './producer-state';
import { Segment, type SegmentContext } from './segment';
import { SideFiles, offsetsOfKind, segmentBaseOffsets, segmentFile } from './segment-files';
import { SegmentList } from './segment-list';

export interface LoadOptions {
  readonly ctx: SegmentContext;
  /** The last shutdown was clean: every file was fsynced and the indexes were written. */
  readonly clean: boolean;
  readonly now: number;
  readonly checkpoints: PartitionCheckpoints;
  readonly producerIdExpirationMs: number;
  readonly name: string;
  readonly logger?: Logger;
}

export interface LoadedLog {
  readonly segments: SegmentList;
  readonly logStart: number;
  readonly recoveryPoint: number;
  readonly producers: ProducerStateTable;
  readonly epochs: LeaderEpochCache;
  /** The epochs differ from the checkpoint file (replayed or truncated): write it. */
  readonly epochsChanged: boolean;
  /** Closed segments that recovery re-validated: not known to be on disk yet, so they go to the flusher. */
  readonly recoveredClosed: readonly Segment[];
}

/**
 * Opens a partition directory (Kafka's LogLoader). A clean start reads only what it must:
 * the last time-index entry of each closed segment, the active segment's tail after its
 * last index entry, the newest producer snapshot and the checkpoints. An unclean start
 * trusts the segments below the recovery point the same way and re-validates the rest
 * (normally only the active segment), replaying producer state and epochs in that pass.
 */
export function loadLog(o: LoadOptions): LoadedLog {
  const names = o.ctx.fs.list(o.ctx.dir);
  removeStrays(o, names);
  const stored = o.checkpoints.readLogStart();
  const bases = segmentBaseOffsets(names);
  const snapshots = offsetsOfKind(names, 'producerSnapshot');
  const epochs = new LeaderEpochCache(o.checkpoints.readEpochs());
  const before = epochs.all().length;
  const producers = new ProducerStateTable();
  let epochsChanged = false;
  const replay = (h: BatchHeader): void => {
    if (h.producerId >= 0) producers.record(h, h.baseOffset, h.maxTimestamp);
    if (h.partitionLeaderEpoch >= 0 && epochs.assign(h.partitionLeaderEpoch, h.baseOffset)) epochsChanged = true;
  };
  const segments = new SegmentList();
  let recoveredClosed: Segment[] = [];
  let recoveryPoint = o.clean ? Number.MAX_SAFE_INTEGER : o.checkpoints.readRecoveryPoint();
  if (bases.length === 0) {
    segments.push(Segment.create(o.ctx, stored ?? 0, o.now));
  } else if (o.clean) {
    bases.forEach((b, i) => segments.push(i === bases.length - 1 ? Segment.openActive(o.ctx, b, o.now) : Segment.openClosed(o.ctx, b, bases[i + 1] as number)));
    const snapshotAt = loadSnapshot(o.ctx, producers, snapshots, segments.active().nextOffset, o.logger);
    segments.replay(snapshotAt ?? bases[0], segments.active().nextOffset, replay);
  } else {
    recoveredClosed = recoverUnclean(o, bases, snapshots, segments, producers, replay);
  }
  const logEnd = segments.active().nextOffset;
  recoveryPoint = Math.min(recoveryPoint, logEnd);
  for (const s of snapshots) if (s > logEnd) o.ctx.fs.remove(segmentFile(o.ctx.dir, s, 'producerSnapshot'));
  const logStart = Math.min(Math.max(segments.first().baseOffset, stored ?? 0), logEnd);
  if (epochs.truncateFromEnd(logEnd)) epochsChanged = true;
  if (epochs.truncateFromStart(logStart)) epochsChanged = true;
  producers.removeExpired(o.now, o.producerIdExpirationMs);
  return { segments, logStart, recoveryPoint, producers, epochs, epochsChanged: epochsChanged || epochs.all().length !== before, recoveredClosed };
}

/** Segments below the recovery point are trusted; from the first that is not, every batch is validated. */
function recoverUnclean(
  o: LoadOptions,
  bases: readonly number[],
  snapshots: readonly number[],
  segments: SegmentList,
  producers: ProducerStateTable,
  replay: (h: BatchHeader) => void,
): Segment[] {
  const recoveryPoint = o.checkpoints.readRecoveryPoint();
  let first = bases.findIndex((_, i) => i === bases.length - 1 || (bases[i + 1] as number) > recoveryPoint);
  if (first < 0) first = bases.length - 1;
  for (let i = 0; i < first; i++) segments.push(Segment.openClosed(o.ctx, bases[i] as number, bases[i + 1] as number));
  const from = bases[first] as number;
  const snapshotAt = loadSnapshot(o.ctx, producers, snapshots, from, o.logger);
  segments.replay(snapshotAt ?? (bases[0] as number), from, replay);
  const recovered: Segment[] = [];
  for (let i = first; i < bases.length; i++) {
    const last = i === bases.length - 1;
    const { segment, cutBytes } = Segment.recover(o.ctx, bases[i] as number, o.now, last, replay);
    segments.push(segment);
    if (cutBytes > 0) o.logger?.warn({ log: o.name, segment: segment.baseOffset, cutBytes }, 'recovery cut a torn or corrupt tail');
    const gap = !last && segment.nextOffset !== bases[i + 1];
    if (!last && (cutBytes > 0 || gap)) {
      // Whatever follows a damaged segment is past a hole in the offsets: Kafka deletes it too.
      for (const b of bases.slice(i + 1)) deleteSegmentFiles(o, b);
      o.logger?.warn({ log: o.name, deletedFrom: bases[i + 1] }, 'recovery deleted the segments after a damaged one');
      segment.reactivate();
      return recovered;
    }
    if (!last) recovered.push(segment);
  }
  return recovered;
}

/** Load the newest readable snapshot at or below `upTo` into `producers`; unreadable ones are deleted. Returns its offset. */
export function loadSnapshot(ctx: SegmentContext, producers: ProducerStateTable, snapshots: readonly number[], upTo: number, logger?: Logger): number | null {
  for (const offset of [...snapshots].reverse()) {
    if (offset > upTo) continue;
    const path = segmentFile(ctx.dir, offset, 'producerSnapshot');
    const entries: ProducerEntry[] | null = decodeProducerSnapshot(ctx.fs.readFile(path) ?? Buffer.alloc(0));
    if (entries) {
      producers.load(entries);
      return offset;
    }
    logger?.warn({ snapshot: path }, 'producer snapshot unreadable (torn or corrupt); using an older one');
    ctx.fs.remove(path);
  }
  return null;
}

/** Temp files of interrupted writes, and side files whose segment is gone (snapshots beyond the last segment stay: a clean shutdown writes one at the log end). */
function removeStrays(o: LoadOptions, names: readonly string[]): void {
  const bases = new Set(segmentBaseOffsets(names));
  const lastBase = Math.max(-1, ...bases);
  for (const n of names) {
    if (n.endsWith('.tmp')) o.ctx.fs.remove(join(o.ctx.dir, n));
  }
  for (const kind of ['offsetIndex', 'timeIndex', 'producerSnapshot'] as const) {
    for (const offset of offsetsOfKind(names, kind)) {
      if (bases.has(offset) || (kind === 'producerSnapshot' && offset > lastBase)) continue;
      o.ctx.fs.remove(segmentFile(o.ctx.dir, offset, kind));
    }
  }
}

function deleteSegmentFiles(o: LoadOptions, baseOffset: number): void {
  o.ctx.fs.remove(segmentFile(o.ctx.dir, baseOffset, 'log'));
  new SideFiles(o.ctx.fs, o.ctx.dir, baseOffset).removeAll();
}
