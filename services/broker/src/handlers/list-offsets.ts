import { ErrorCode, ListOffsetsRequest, ListOffsetsResponse, type Item, type MessageInput } from '@orderlab/kafka-protocol';
import { isStorageError } from '@orderlab/log-store';
import type { Partition } from '../partitions/partition';
import { defineHandler } from '@orderlab/kafka-net';
import type { HandlerDeps } from './handler-deps';

type PartitionEntry = Item<Item<MessageInput<typeof ListOffsetsResponse>['topics']>['partitions']>;

/** Special timestamps of ListOffsets. */
const LATEST = -1;
const EARLIEST = -2;

/**
 * ListOffsets v1-5: earliest (log start), latest (high watermark, or last stable offset for
 * read_committed), or the first offset whose timestamp is at or after the one asked for.
 */
export function listOffsetsHandler(deps: HandlerDeps) {
  return defineHandler({
    request: ListOffsetsRequest,
    response: ListOffsetsResponse,
    minVersion: 1,
    maxVersion: 5,
    handle(req) {
      const readCommitted = req.isolationLevel === 1;
      return {
        throttleTimeMs: 0,
        topics: req.topics.map((t) => ({
          name: t.name,
          partitions: t.partitions.map((p): PartitionEntry => {
            const found = deps.replicas.lookup(t.name, p.partitionIndex);
            if ('errorCode' in found) return { partitionIndex: p.partitionIndex, errorCode: found.errorCode, timestamp: -1, offset: -1, leaderEpoch: -1 };
            return lookupOffset(found.partition, p.timestamp, readCommitted);
          }),
        })),
      };
    },
  });
}

/**
 * The leader epoch in the answer is Kafka's: the current one for LATEST, the epoch that
 * wrote the log start offset for EARLIEST, and the matched batch's partitionLeaderEpoch for
 * a timestamp, so a consumer can check the offset against the log's history (KIP-320).
 */
function lookupOffset(p: Partition, timestamp: number, readCommitted: boolean): PartitionEntry {
  const entry = { partitionIndex: p.index, errorCode: ErrorCode.NONE, timestamp: -1, leaderEpoch: -1 };
  if (timestamp === LATEST) return { ...entry, leaderEpoch: p.leaderEpoch, offset: readCommitted ? p.lastStableOffset() : p.highWatermark() };
  if (timestamp === EARLIEST) return { ...entry, leaderEpoch: p.log.leaderEpochs().epochForOffset(p.logStartOffset()) ?? -1, offset: p.logStartOffset() };
  if (timestamp < 0) return { ...entry, errorCode: ErrorCode.UNSUPPORTED_VERSION, offset: -1 };
  let found;
  try {
    found = p.log.offsetForTimestamp(timestamp);
  } catch (e) {
    if (!isStorageError(e)) throw e;
    return { ...entry, errorCode: ErrorCode.KAFKA_STORAGE_ERROR, offset: -1 };
  }
  const bound = readCommitted ? p.lastStableOffset() : p.highWatermark();
  if (!found || found.offset >= bound) return { ...entry, offset: -1 };
  return { ...entry, timestamp: found.timestamp, offset: found.offset, leaderEpoch: found.leaderEpoch };
}
