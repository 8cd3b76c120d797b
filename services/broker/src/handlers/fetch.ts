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
 * Fetch v4-11, always sessionless (session id 0: clients keep sending full fetches).
 * Long-polls until min bytes are available or max wait passes; never returns data beyond
 * the high watermark (read_uncommitted) or the last stable offset (read_committed).
 */
export function fetchHandler(deps: HandlerDeps) {
  return defineHandler({
    request: FetchRequest,
    response: FetchResponse,
    minVersion: 4,
    maxVersion: 11,
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

function readAll(deps: HandlerDeps, req: FetchReq, version: number): ReadAllResult {
  const readCommitted = req.isolationLevel === 1;
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
      const entry = readPartition(found.partition, p.fetchOffset, Math.min(p.partitionMaxBytes, budget), total === 0, readCommitted, version);
      if (entry.errorCode !== 0) anyError = true;
      const size = entry.records?.length ?? 0;
      read.push({ partition: found.partition, fetchOffset: p.fetchOffset, maxBytes: p.partitionMaxBytes, bytes: size });
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
