import { AssignerProtocol, type Admin } from 'kafkajs';
import type { OffsetsReader, PartitionOffsets } from './partition-offsets';

export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  /** The next offset the group will read; null when nothing was committed. */
  readonly committedOffset: number | null;
  readonly highWatermark: number;
  readonly lastStableOffset: number;
  /** high watermark − committed; null without a commit (Kafka's tool shows "-"). */
  readonly lag: number | null;
  /** last stable offset − committed: the lag a read_committed consumer sees. */
  readonly lagReadCommitted: number | null;
  readonly consumerId: string | null;
  readonly host: string | null;
  readonly clientId: string | null;
}

export interface GroupReport {
  readonly groupId: string;
  readonly state: string;
  readonly protocolType: string;
  readonly protocol: string;
  readonly members: Array<{ memberId: string; clientId: string; host: string; assignment: Record<string, number[]> | 'undecodable' }>;
  readonly partitions: PartitionLag[];
  /** Sums over partitions with a commit. */
  readonly totalLag: number;
  readonly totalLagReadCommitted: number;
}

/** Everything `describe` prints, computed through the Kafka protocol only (so it works on Apache Kafka too). */
export async function groupReport(admin: Admin, offsets: OffsetsReader, groupId: string): Promise<GroupReport> {
  const { groups } = await admin.describeGroups([groupId]);
  const g = groups[0];
  if (!g) throw new Error(`no such group ${groupId}`);
  const members = g.members.map((m) => ({
    memberId: m.memberId,
    clientId: m.clientId,
    host: m.clientHost,
    assignment: decodeAssignment(g.protocolType, m.memberAssignment),
  }));
  const committed = await admin.fetchOffsets({ groupId });
  const topics = new Set<string>(committed.map((t) => t.topic));
  for (const m of members) if (m.assignment !== 'undecodable') for (const t of Object.keys(m.assignment)) topics.add(t);
  const partitions: PartitionLag[] = [];
  for (const topic of [...topics].sort()) {
    const logOffsets = await offsets.topicOffsets(topic);
    const commits = committed.find((t) => t.topic === topic)?.partitions ?? [];
    for (const o of logOffsets.sort((a, b) => a.partition - b.partition)) partitions.push(partitionLag(topic, o, commits, members));
  }
  const withCommit = partitions.filter((p) => p.lag !== null);
  return {
    groupId,
    state: g.state,
    protocolType: g.protocolType,
    protocol: g.protocol,
    members,
    partitions,
    totalLag: withCommit.reduce((s, p) => s + (p.lag ?? 0), 0),
    totalLagReadCommitted: withCommit.reduce((s, p) => s + (p.lagReadCommitted ?? 0), 0),
  };
}

function partitionLag(topic: string, o: PartitionOffsets, commits: Array<{ partition: number; offset: string }>, members: GroupReport['members']): PartitionLag {
  const raw = Number(commits.find((c) => c.partition === o.partition)?.offset ?? -1);
  const committedOffset = raw >= 0 ? raw : null;
  const owner = members.find((m) => m.assignment !== 'undecodable' && (m.assignment[topic] ?? []).includes(o.partition));
  return {
    topic,
    partition: o.partition,
    committedOffset,
    highWatermark: o.highWatermark,
    lastStableOffset: o.lastStableOffset,
    lag: committedOffset === null ? null : o.highWatermark - committedOffset,
    lagReadCommitted: committedOffset === null ? null : o.lastStableOffset - committedOffset,
    consumerId: owner?.memberId ?? null,
    host: owner?.host ?? null,
    clientId: owner?.clientId ?? null,
  };
}

function decodeAssignment(protocolType: string, bytes: Buffer): Record<string, number[]> | 'undecodable' {
  if (protocolType !== 'consumer') return 'undecodable';
  if (bytes.length === 0) return {};
  try {
    return AssignerProtocol.MemberAssignment.decode(bytes)?.assignment ?? {};
  } catch {
    return 'undecodable';
  }
}
