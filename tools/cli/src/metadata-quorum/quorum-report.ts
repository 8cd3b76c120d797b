import { table } from '../consumer-groups/table';
import type { QuorumPartition } from './describe-quorum';

/** `kafka-metadata-quorum describe --status`. (ClusterId needs DescribeCluster, which our controllers do not serve: left out.) */
export function statusReport(p: QuorumPartition): string {
  const leader = p.currentVoters.find((v) => v.replicaId === p.leaderId);
  const followers = p.currentVoters.filter((v) => v.replicaId !== p.leaderId);
  const leaderEnd = leader?.logEndOffset ?? p.highWatermark;
  const maxLag = Math.max(0, ...followers.map((v) => leaderEnd - v.logEndOffset));
  const known = leader !== undefined && leader.lastCaughtUpTimestamp >= 0 && followers.every((v) => v.lastCaughtUpTimestamp >= 0);
  const maxLagTime = known ? Math.max(0, ...followers.map((v) => leader.lastCaughtUpTimestamp - v.lastCaughtUpTimestamp)) : -1;
  const rows: Array<[string, string]> = [
    ['LeaderId', String(p.leaderId)],
    ['LeaderEpoch', String(p.leaderEpoch)],
    ['HighWatermark', String(p.highWatermark)],
    ['MaxFollowerLag', String(maxLag)],
    ['MaxFollowerLagTimeMs', String(maxLagTime)],
    ['CurrentVoters', `[${p.currentVoters.map((v) => v.replicaId).join(',')}]`],
    ['CurrentObservers', `[${p.observers.map((v) => v.replicaId).join(',')}]`],
  ];
  return rows.map(([k, v]) => `${`${k}:`.padEnd(24)}${v}`).join('\n');
}

/** `kafka-metadata-quorum describe --replication`: one row per voter (leader first) and observer. */
export function replicationReport(p: QuorumPartition): string {
  const leaderEnd = p.currentVoters.find((v) => v.replicaId === p.leaderId)?.logEndOffset ?? p.highWatermark;
  const ordered = [...p.currentVoters].sort((a, b) => Number(b.replicaId === p.leaderId) - Number(a.replicaId === p.leaderId) || a.replicaId - b.replicaId);
  const row = (v: QuorumPartition['observers'][number], status: string) => [
    String(v.replicaId),
    String(v.logEndOffset),
    String(Math.max(0, leaderEnd - v.logEndOffset)),
    String(v.lastFetchTimestamp),
    String(v.lastCaughtUpTimestamp),
    status,
  ];
  const rows = [...ordered.map((v) => row(v, v.replicaId === p.leaderId ? 'Leader' : 'Follower')), ...p.observers.map((v) => row(v, 'Observer'))];
  return table(['NodeId', 'LogEndOffset', 'Lag', 'LastFetchTimestamp', 'LastCaughtUpTimestamp', 'Status'], rows);
}
