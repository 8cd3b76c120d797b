import {
  ErrorCode,
  FindCoordinatorRequest,
  FindCoordinatorResponse,
  OffsetCommitRequest,
  OffsetCommitResponse,
  errorInfo,
} from '@orderlab/kafka-protocol';
import { RawKafkaClient } from '../raw-kafka-client';

export interface OffsetToCommit {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/**
 * A standalone offset commit (generation -1, no member), as Kafka's AdminClient sends for
 * kafka-consumer-groups --reset-offsets: to the group's coordinator, found with FindCoordinator.
 */
export async function commitAsAdmin(bootstrap: { host: string; port: number }, groupId: string, offsets: readonly OffsetToCommit[]): Promise<void> {
  const seed = await RawKafkaClient.connect(bootstrap.port, bootstrap.host);
  const found = await seed.send(FindCoordinatorRequest, FindCoordinatorResponse, 2, { key: groupId, keyType: 0 });
  seed.close();
  if (found.errorCode !== ErrorCode.NONE) throw new Error(`FindCoordinator failed: ${errorInfo(found.errorCode).name}`);
  const coordinator = await RawKafkaClient.connect(found.port, found.host);
  try {
    const byTopic = new Map<string, OffsetToCommit[]>();
    for (const o of offsets) byTopic.set(o.topic, [...(byTopic.get(o.topic) ?? []), o]);
    const res = await coordinator.send(OffsetCommitRequest, OffsetCommitResponse, 7, {
      groupId,
      generationIdOrMemberEpoch: -1,
      memberId: '',
      groupInstanceId: null,
      topics: [...byTopic].map(([name, list]) => ({ name, partitions: list.map((o) => ({ partitionIndex: o.partition, committedOffset: o.offset, committedLeaderEpoch: -1, committedMetadata: null })) })),
    });
    const failed = res.topics.flatMap((t) => t.partitions.filter((p) => p.errorCode !== 0).map((p) => `${t.name}-${p.partitionIndex}: ${errorInfo(p.errorCode).name}`));
    if (failed.length > 0) throw new Error(`offset commit failed for ${failed.join(', ')}`);
  } finally {
    coordinator.close();
  }
}
