import { ErrorCode, ListOffsetsRequest, ListOffsetsResponse, type Item, type MessageInput } from '@orderlab/kafka-protocol';
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

function lookupOffset(p: Partition, timestamp: number, readCommitted: boolean): PartitionEntry {
  const entry = { partitionIndex: p.index, errorCode: ErrorCode.NONE, timestamp: -1, leaderEpoch: p.leaderEpoch };
  if (timestamp === LATEST) return { ...entry, offset: readCommitted ? p.lastStableOffset() : p.highWatermark() };
  if (timestamp === EARLIEST) return { ...entry, offset: p.logStartOffset() };
  if (timestamp < 0) return { ...entry, errorCode: ErrorCode.UNSUPPORTED_VERSION, offset: -1 };
  const found = p.log.offsetForTimestamp(timestamp);
  const bound = readCommitted ? p.lastStableOffset() : p.highWatermark();
  if (!found || found.offset >= bound) return { ...entry, offset: -1 };
  return { ...entry, timestamp: found.timestamp, offset: found.offset };
}
