import { decodeConsumerAssignment } from '@orderlab/kafka-protocol';
import type { GroupView } from '../groups';
import type { ReplicaManager } from '../partitions/replica-manager';

export interface PartitionLagView {
  readonly topic: string;
  readonly partition: number;
  /** The next offset the group reads; null (shown "-") when nothing was committed. */
  readonly committedOffset: number | null;
  readonly highWatermark: number;
  readonly lastStableOffset: number;
  /** high watermark − committed offset. */
  readonly lag: number | null;
  /** last stable offset − committed offset: what a read_committed consumer is behind. */
  readonly lagReadCommitted: number | null;
  readonly owner: string | null;
}

export interface GroupLagView {
  readonly groupId: string;
  readonly state: string;
  readonly protocolType: string;
  readonly protocol: string;
  readonly generationId: number;
  readonly leader: string;
  readonly members: Array<{ memberId: string; groupInstanceId: string | null; clientId: string; clientHost: string; assignment: Record<string, number[]> | 'undecodable' }>;
  readonly partitions: PartitionLagView[];
  /** Sum over partitions with a commit, as kafka-consumer-groups counts. */
  readonly totalLag: number;
  readonly totalLagReadCommitted: number;
}

/** Member assignments are opaque to the coordinator; for protocol type "consumer" we can read them. */
function assignmentOf(protocolType: string, bytes: Buffer): Record<string, number[]> | 'undecodable' {
  if (protocolType !== 'consumer') return 'undecodable';
  if (bytes.length === 0) return {};
  try {
    const a = decodeConsumerAssignment(bytes);
    return Object.fromEntries((a?.assignedPartitions ?? []).map((t) => [t.topic, [...t.partitions]]));
  } catch {
    return 'undecodable';
  }
}

/** A group's members and, per partition it committed to or is assigned, the committed offset and lag. */
export function groupLag(view: GroupView, replicas: ReplicaManager): GroupLagView {
  const members = view.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, clientId: m.clientId, clientHost: m.clientHost, assignment: assignmentOf(view.protocolType, m.assignment) }));
  const keys = new Map<string, { topic: string; partition: number }>();
  for (const o of view.offsets) keys.set(`${o.topic}/${o.partition}`, o);
  for (const m of members) {
    if (m.assignment === 'undecodable') continue;
    for (const [topic, parts] of Object.entries(m.assignment)) for (const partition of parts) keys.set(`${topic}/${partition}`, { topic, partition });
  }
  const partitions: PartitionLagView[] = [];
  for (const { topic, partition } of [...keys.values()].sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1))) {
    const found = replicas.lookup(topic, partition);
    if (!('partition' in found)) continue;
    const committed = view.offsets.find((o) => o.topic === topic && o.partition === partition)?.offset ?? null;
    const hw = found.partition.highWatermark();
    const lso = found.partition.lastStableOffset();
    const owner = members.find((m) => m.assignment !== 'undecodable' && (m.assignment[topic] ?? []).includes(partition))?.memberId ?? null;
    partitions.push({ topic, partition, committedOffset: committed, highWatermark: hw, lastStableOffset: lso, lag: committed === null ? null : hw - committed, lagReadCommitted: committed === null ? null : lso - committed, owner });
  }
  const withCommit = partitions.filter((p) => p.committedOffset !== null);
  return {
    groupId: view.groupId,
    state: view.state,
    protocolType: view.protocolType,
    protocol: view.protocol,
    generationId: view.generationId,
    leader: view.leader,
    members,
    partitions,
    totalLag: withCommit.reduce((s, p) => s + (p.lag ?? 0), 0),
    totalLagReadCommitted: withCommit.reduce((s, p) => s + (p.lagReadCommitted ?? 0), 0),
  };
}
