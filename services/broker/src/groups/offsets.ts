import { ErrorCode } from '@orderlab/kafka-protocol';
import type { Group } from './group';
import type { OffsetCommitInput, OffsetFetchInput, OffsetFetchResult, PartitionErrors } from './types';

/**
 * Who may commit, in the order Kafka's GroupCoordinator checks it: a standalone commit
 * (generation -1, no member: admin tools, consumers without group management) on an empty or
 * unknown group; otherwise a current member of the current generation, and not while the
 * group waits for its assignments (the member must first learn its new partitions).
 */
export function commitCheck(g: Group | undefined, input: OffsetCommitInput): number {
  const standalone = input.generationId < 0 && input.memberId === '';
  if (!g) return standalone ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
  if (g.state === 'Dead') return ErrorCode.COORDINATOR_NOT_AVAILABLE;
  if (input.groupInstanceId !== null && g.staticMembers.has(input.groupInstanceId) && g.staticMembers.get(input.groupInstanceId) !== input.memberId) {
    return ErrorCode.FENCED_INSTANCE_ID;
  }
  if (standalone && g.state === 'Empty') return ErrorCode.NONE;
  if (!g.members.has(input.memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
  if (input.generationId !== g.generationId) return ErrorCode.ILLEGAL_GENERATION;
  if (g.state === 'CompletingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
  return ErrorCode.NONE;
}

/** Every partition of the request answered with one code. */
export function sameErrorForAll(input: OffsetCommitInput, errorCode: number): PartitionErrors {
  return input.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode })) }));
}

/** Committed offsets: -1 and "" where nothing was committed (also for unknown groups), as Kafka answers. */
export function fetchOffsets(g: Group | undefined, input: OffsetFetchInput): OffsetFetchResult {
  if (input.topics === null) {
    const byTopic = new Map<string, OffsetFetchResult['topics'][number]>();
    for (const o of g?.offsets.values() ?? []) {
      const t = byTopic.get(o.topic) ?? { name: o.topic, partitions: [] };
      t.partitions.push({ partitionIndex: o.partition, committedOffset: o.offset, committedLeaderEpoch: o.leaderEpoch, metadata: o.metadata, errorCode: 0 });
      byTopic.set(o.topic, t);
    }
    return { errorCode: 0, topics: [...byTopic.values()] };
  }
  return {
    errorCode: 0,
    topics: input.topics.map((t) => ({
      name: t.name,
      partitions: t.partitionIndexes.map((partitionIndex) => {
        const o = g?.getOffset(t.name, partitionIndex);
        return { partitionIndex, committedOffset: o?.offset ?? -1, committedLeaderEpoch: o?.leaderEpoch ?? -1, metadata: o?.metadata ?? '', errorCode: 0 };
      }),
    })),
  };
}
