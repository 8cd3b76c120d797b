import { decodeConsumerSubscription } from '@orderlab/kafka-protocol';
import type { Group } from './group';
import type { GroupRecord } from './types';

export interface TopicPartitionRef {
  readonly topic: string;
  readonly partition: number;
}

/**
 * The topics a consumer group's members subscribe to (Kafka's GroupMetadata.subscribedTopics),
 * or null when that is unknown: another protocol type, or a subscription that does not decode.
 */
export function subscribedTopics(g: Group): ReadonlySet<string> | null {
  if (g.protocolType !== 'consumer' || g.protocolName === null) return null;
  const topics = new Set<string>();
  for (const m of g.members.values()) {
    try {
      for (const t of decodeConsumerSubscription(m.metadataFor(g.protocolName))?.topics ?? []) topics.add(t);
    } catch {
      return null;
    }
  }
  return topics;
}

/**
 * Offsets past `offsets.retention.minutes`, with Kafka ≥ 2.1's clocks (KIP-211): an empty group's
 * retention starts when it became empty; a standalone committer's (a group nobody ever joined)
 * at each commit; a Stable consumer group's only for topics none of its members subscribes to.
 */
export function expiredOffsets(g: Group, now: number, retentionMs: number): TopicPartitionRef[] {
  const since = (base: (commitTimestamp: number) => number, keep: ReadonlySet<string> = new Set()): TopicPartitionRef[] =>
    [...g.offsets.values()].filter((o) => !keep.has(o.topic) && now - base(o.commitTimestamp) >= retentionMs);
  if (g.state === 'Empty') return g.protocolType === '' ? since((c) => c) : since(() => g.stateTimestamp);
  if (g.state !== 'Stable') return [];
  const subscribed = subscribedTopics(g);
  return subscribed ? since((c) => c, subscribed) : [];
}

/**
 * Kafka's cleanupGroupMetadata for one group: drop the offsets, and if that leaves the group
 * empty with nothing committed, it is Dead. Returns the tombstones to write.
 */
export function removeOffsets(g: Group, remove: readonly TopicPartitionRef[], now: number): GroupRecord[] {
  const tombstones: GroupRecord[] = [];
  for (const { topic, partition } of remove) {
    if (!g.getOffset(topic, partition)) continue;
    g.setOffset(topic, partition, null);
    tombstones.push({ kind: 'offset', group: g.groupId, topic, partition, value: null });
  }
  if (isDead(g)) {
    g.transition('Dead', now);
    if (g.persisted) tombstones.push({ kind: 'group', group: g.groupId, value: null });
    g.persisted = null;
  }
  return tombstones;
}

/** An empty group with no offsets and nobody about to join holds nothing worth keeping. */
function isDead(g: Group): boolean {
  return g.state === 'Empty' && g.offsets.size === 0 && g.pending.size === 0;
}
