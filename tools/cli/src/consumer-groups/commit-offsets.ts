import {
  ErrorCode,
  FindCoordinatorRequest,
  FindCoordinatorResponse,
  OffsetCommitRequest,
  OffsetCommitResponse,
  errorInfo,
} from '@orderlab/kafka-protocol';
import { KafkaConnection } from '@orderlab/kafka-net';

const CLIENT_ID = 'orderlab-consumer-groups';

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
  const seed = await KafkaConnection.connect({ ...bootstrap, clientId: CLIENT_ID });
  const found = await seed.request({ request: FindCoordinatorRequest, response: FindCoordinatorResponse }, 2, { key: groupId, keyType: 0 }).finally(() => seed.close());
  if (found.errorCode !== ErrorCode.NONE) throw new Error(`FindCoordinator failed: ${errorInfo(found.errorCode).name}`);
  const coordinator = await KafkaConnection.connect({ host: found.host, port: found.port, clientId: CLIENT_ID });
  try {
    const byTopic = new Map<string, OffsetToCommit[]>();
    for (const o of offsets) byTopic.set(o.topic, [...(byTopic.get(o.topic) ?? []), o]);
    const res = await coordinator.request({ request: OffsetCommitRequest, response: OffsetCommitResponse }, 7, {
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
