import {
  BATCH,
  CompressionType,
  ErrorCode,
  FetchRequest,
  FetchResponse,
  batchSizeAt,
  compressionOf,
  type Item,
  type MessageInput,
  type MessageOf,
} from '@orderlab/kafka-protocol';
import { waitForBytes, type WaitingPartition } from '../partitions/fetch-waiter';
import type { Partition } from '../partitions/partition';
import { defineHandler } from '@orderlab/kafka-net';
import { divergingEpoch } from '../replication/divergence';
import type { HandlerDeps } from './handler-deps';

type FetchReq = MessageOf<typeof FetchRequest>;
type TopicEntry = Item<MessageInput<typeof FetchResponse>['responses']>;
type PartitionEntry = Item<TopicEntry['partitions']>;

/** No data is an empty record set, not null: librdkafka rejects a null (size -1) one. */
const EMPTY = Buffer.alloc(0);
/** A long-poll never parks longer than this, whatever the client asks (a bound on held requests). */
const MAX_FETCH_WAIT_MS = 30_000;
/** Fetch v10 added zstd; older fetchers must not be handed zstd batches. */
const FIRST_ZSTD_FETCH_VERSION = 10;

/**
 * Fetch v4-12, always sessionless (session id 0: clients keep sending full fetches).
 * Long-polls until min bytes are available or max wait passes; never returns data beyond
 * the high watermark (read_uncommitted) or the last stable offset (read_committed) to a
 * consumer. A fetch with a replica id is a follower's (Kafka's replica fetch): it reads to the
 * log end, its fetch offset is the follower's log end (recorded for the high watermark and the
 * ISR), and from v12 a last fetched epoch that this log ended earlier gets a DivergingEpoch.
 * A currentLeaderEpoch older than this leader's gets FENCED_LEADER_EPOCH, a newer one
 * UNKNOWN_LEADER_EPOCH (KIP-320).
 */
export function fetchHandler(deps: HandlerDeps) {
  return defineHandler({
    request: FetchRequest,
    response: FetchResponse,
    minVersion: 4,
    maxVersion: 12,
    async handle(req, ctx) {
      const waitMs = Math.min(Math.max(0, req.maxWaitMs), MAX_FETCH_WAIT_MS);
      let result = readAll(deps, req, ctx.apiVersion);
      if (!result.satisfied && waitMs > 0) {
        const waiting = result.read.map((r): WaitingPartition => ({ ...r, from: r.partition.fetchPosition(r.fetchOffset) }));
        await waitForBytes(waiting, req.minBytes, waitMs);
        result = readAll(deps, req, ctx.apiVersion);
      }
      return { throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses: result.responses };
    },
  });
}

interface ReadAllResult {
  readonly responses: TopicEntry[];
  readonly satisfied: boolean;
  /** The partitions read, for a fetch that waits for more data. */
  readonly read: Array<Omit<WaitingPartition, 'from'> & { readonly fetchOffset: number }>;
}

/** The follower's id, or -1 for a consumer (v15+ moved it into the tagged ReplicaState). */
export function replicaIdOf(req: FetchReq): number {
  // An absent tagged ReplicaState decodes as its defaults (-1), so take whichever names a replica.
  const fromState = req.replicaState?.replicaId ?? -1;
  return fromState >= 0 ? fromState : (req.replicaId ?? -1);
}

function readAll(deps: HandlerDeps, req: FetchReq, version: number): ReadAllResult {
  const replicaId = replicaIdOf(req);
  const follower = replicaId >= 0;
  const readCommitted = req.isolationLevel === 1 && !follower;
  let budget = req.maxBytes;
  let total = 0;
  let anyError = false;
  const read: ReadAllResult['read'] = [];
  const responses = req.topics.map((t) => ({
    topic: t.topic,
    partitions: t.partitions.map((p): PartitionEntry => {
      const found = deps.replicas.lookup(t.topic, p.partition);
      if ('errorCode' in found) {
        anyError = true;
        return emptyEntry(p.partition, found.errorCode, readCommitted);
      }
      const partition = found.partition;
      const epochError = checkLeaderEpoch(p.currentLeaderEpoch, partition.leaderEpoch);
      if (epochError !== 0) {
        anyError = true;
        return emptyEntry(p.partition, epochError, readCommitted);
      }
      if (follower) {
        const diverging = divergingEpoch(p.lastFetchedEpoch ?? -1, p.fetchOffset, partition.log.leaderEpochs().endOffsetFor(p.lastFetchedEpoch ?? -1));
        if (diverging === 'out-of-range') {
          anyError = true;
          return { ...emptyEntry(p.partition, ErrorCode.OFFSET_OUT_OF_RANGE, false), highWatermark: partition.highWatermark(), logStartOffset: partition.logStartOffset() };
        }
        if (diverging) {
          anyError = true; // answer at once: the follower truncates before it fetches again
          return { ...emptyEntry(p.partition, 0, false), highWatermark: partition.highWatermark(), logStartOffset: partition.logStartOffset(), divergingEpoch: diverging };
        }
        if (p.fetchOffset <= partition.logEndOffset()) {
          partition.recordFollowerFetch(replicaId, p.fetchOffset);
          deps.isr?.followerFetched(partition, replicaId);
        }
      }
      const entry = follower
        ? readReplica(partition, p.fetchOffset, Math.min(p.partitionMaxBytes, budget), total === 0)
        : readPartition(partition, p.fetchOffset, Math.min(p.partitionMaxBytes, budget), total === 0, readCommitted, version);
      if (entry.errorCode !== 0) anyError = true;
      const size = entry.records?.length ?? 0;
      read.push({ partition, fetchOffset: p.fetchOffset, maxBytes: p.partitionMaxBytes, bytes: size, toLogEnd: follower });
      budget = Math.max(0, budget - size);
      total += size;
      return entry;
    }),
  }));
  return { responses, satisfied: anyError || total >= req.minBytes || req.maxWaitMs <= 0, read };
}

function readPartition(p: Partition, offset: number, maxBytes: number, minOneBatch: boolean, readCommitted: boolean, version: number): PartitionEntry {
  const read = p.read(offset, maxBytes, readCommitted, minOneBatch);
  if ('errorCode' in read) return { ...emptyEntry(p.index, read.errorCode, readCommitted), highWatermark: p.highWatermark(), lastStableOffset: p.lastStableOffset(), logStartOffset: p.logStartOffset() };
  const records = read.chunks.length === 0 ? EMPTY : read.chunks.length === 1 ? (read.chunks[0] as Buffer) : Buffer.concat(read.chunks as Buffer[]);
  const base = {
    partitionIndex: p.index,
    highWatermark: read.highWatermark,
    lastStableOffset: read.lastStableOffset,
    logStartOffset: read.logStartOffset,
    abortedTransactions: readCommitted ? [] : null,
    preferredReadReplica: -1,
  };
  if (records.length > 0 && version < FIRST_ZSTD_FETCH_VERSION && containsZstd(records)) {
    return { ...base, errorCode: ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, records: EMPTY };
  }
  return { ...base, errorCode: 0, records };
}

/** KIP-320's check of the fetcher's view of the leader epoch (-1: not checked, as old clients send). */
function checkLeaderEpoch(requested: number | undefined, current: number): number {
  if (requested === undefined || requested < 0 || requested === current) return 0;
  return requested < current ? ErrorCode.FENCED_LEADER_EPOCH : ErrorCode.UNKNOWN_LEADER_EPOCH;
}

/** A follower's read: whole batches to the log end as stored (no re-encoding, no high-watermark bound). */
function readReplica(p: Partition, offset: number, maxBytes: number, minOneBatch: boolean): PartitionEntry {
  const read = p.readToLogEnd(offset, maxBytes, minOneBatch);
  const base = { partitionIndex: p.index, highWatermark: p.highWatermark(), lastStableOffset: p.lastStableOffset(), logStartOffset: p.logStartOffset(), abortedTransactions: null, preferredReadReplica: -1 };
  if ('errorCode' in read) return { ...base, errorCode: read.errorCode, records: EMPTY };
  const records = read.chunks.length === 0 ? EMPTY : read.chunks.length === 1 ? (read.chunks[0] as Buffer) : Buffer.concat(read.chunks as Buffer[]);
  return { ...base, errorCode: 0, records };
}

function containsZstd(records: Buffer): boolean {
  for (let at = 0; at < records.length; ) {
    const size = batchSizeAt(records, at);
    if (size <= 0 || at + BATCH.ATTRIBUTES + 2 > records.length) return false;
    if (compressionOf(records.readInt16BE(at + BATCH.ATTRIBUTES)) === CompressionType.Zstd) return true;
    at += size;
  }
  return false;
}

function emptyEntry(partitionIndex: number, errorCode: number, readCommitted: boolean): PartitionEntry {
  return {
    partitionIndex,
    errorCode,
    highWatermark: -1,
    lastStableOffset: -1,
    logStartOffset: -1,
    abortedTransactions: readCommitted ? [] : null,
    preferredReadReplica: -1,
    records: EMPTY,
  };
}
