import type { RaftMessage } from '../messages';

const isInt = (v: unknown, min: number): boolean => Number.isSafeInteger(v) && (v as number) >= min;

function batchesAreWellFormed(records: unknown): boolean {
  if (!Array.isArray(records)) return false;
  return records.every(
    (b: unknown) =>
      typeof b === 'object' &&
      b !== null &&
      isInt((b as Record<string, unknown>).baseOffset, 0) &&
      isInt((b as Record<string, unknown>).epoch, 0) &&
      Array.isArray((b as Record<string, unknown>).records) &&
      ((b as { records: unknown[] }).records).every((r) => Buffer.isBuffer(r)),
  );
}

const snapshotIdOk = (id: unknown): boolean =>
  typeof id === 'object' && id !== null && isInt((id as Record<string, unknown>).endOffset, 0) && isInt((id as Record<string, unknown>).epoch, 0);

/** Field checks per message type: each returns the name of the first bad field. */
const FIELD_CHECKS: Record<RaftMessage['type'], (m: Record<string, unknown>) => string | undefined> = {
  VoteRequest: (m) => firstBad(m, { candidateEpoch: 0, candidateId: 0, lastOffsetEpoch: 0, lastOffset: 0 }) ?? (typeof m.preVote === 'boolean' ? undefined : 'preVote'),
  VoteResponse: (m) => firstBad(m, { errorCode: -1, leaderId: -1, leaderEpoch: -1 }) ?? (typeof m.voteGranted === 'boolean' ? undefined : 'voteGranted'),
  BeginQuorumEpochRequest: (m) => firstBad(m, { leaderId: 0, leaderEpoch: 0 }),
  BeginQuorumEpochResponse: (m) => firstBad(m, { errorCode: -1, leaderId: -1, leaderEpoch: -1 }),
  EndQuorumEpochRequest: (m) =>
    firstBad(m, { leaderId: 0, leaderEpoch: 0 }) ?? (Array.isArray(m.preferredSuccessors) && m.preferredSuccessors.every((x) => isInt(x, 0)) ? undefined : 'preferredSuccessors'),
  EndQuorumEpochResponse: (m) => firstBad(m, { errorCode: -1, leaderId: -1, leaderEpoch: -1 }),
  FetchRequest: (m) => firstBad(m, { replicaId: -1, currentLeaderEpoch: -1, fetchOffset: 0, lastFetchedEpoch: 0, logStartOffset: -1, maxWaitTicks: 0, maxBytes: 0 }),
  FetchResponse: (m) =>
    firstBad(m, { errorCode: -1, highWatermark: -1, logStartOffset: -1 }) ??
    (leaderOk(m.currentLeader) ? undefined : 'currentLeader') ??
    (batchesAreWellFormed(m.records) ? undefined : 'records') ??
    (m.snapshotId === undefined || snapshotIdOk(m.snapshotId) ? undefined : 'snapshotId') ??
    (m.divergingEpoch === undefined || snapshotIdOk(m.divergingEpoch) ? undefined : 'divergingEpoch'),
  FetchSnapshotRequest: (m) => firstBad(m, { replicaId: -1, currentLeaderEpoch: -1, position: 0, maxBytes: 0 }) ?? (snapshotIdOk(m.snapshotId) ? undefined : 'snapshotId'),
  FetchSnapshotResponse: (m) =>
    firstBad(m, { errorCode: -1, size: -1, position: -1 }) ??
    (leaderOk(m.currentLeader) ? undefined : 'currentLeader') ??
    (snapshotIdOk(m.snapshotId) ? undefined : 'snapshotId') ??
    (Buffer.isBuffer(m.unalignedRecords) ? undefined : 'unalignedRecords'),
};

function leaderOk(v: unknown): boolean {
  return typeof v === 'object' && v !== null && isInt((v as Record<string, unknown>).leaderId, -1) && isInt((v as Record<string, unknown>).leaderEpoch, -1);
}

function firstBad(m: Record<string, unknown>, minimums: Record<string, number>): string | undefined {
  for (const field in minimums) if (!isInt(m[field], minimums[field]!)) return field;
  return undefined;
}

/** Undefined for a well-formed message, else why not. The core drops malformed input (and logs it); it never throws on it. */
export function problemWith(message: unknown): string | undefined {
  if (typeof message !== 'object' || message === null) return 'not an object';
  const m = message as Record<string, unknown>;
  const check = FIELD_CHECKS[m.type as RaftMessage['type']];
  if (!check) return `unknown type ${String(m.type)}`;
  const bad = firstBad(m, { from: -1, to: 0, requestId: 0 }) ?? check(m);
  return bad === undefined ? undefined : `${String(m.type)}: bad ${bad}`;
}
