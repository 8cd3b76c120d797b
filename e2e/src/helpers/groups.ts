import { AssignerProtocol, type Admin } from 'kafkajs';
import { waitFor } from './wait-for';

export interface GroupSnapshot {
  readonly state: string;
  readonly protocol: string;
  readonly members: Array<{ memberId: string; clientId: string; assignment: Record<string, number[]> }>;
}

/** DescribeGroups through kafkajs, with member assignments decoded (protocol type "consumer"). */
export async function describeGroup(admin: Admin, groupId: string): Promise<GroupSnapshot> {
  const g = (await admin.describeGroups([groupId])).groups[0];
  if (!g) throw new Error(`no group ${groupId}`);
  return {
    state: g.state,
    protocol: g.protocol,
    members: g.members.map((m) => ({
      memberId: m.memberId,
      clientId: m.clientId,
      assignment: m.memberAssignment.length ? (AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment ?? {}) : {},
    })),
  };
}

export function assignedCount(m: { assignment: Record<string, number[]> }): number {
  return Object.values(m.assignment).reduce((n, ps) => n + ps.length, 0);
}

/**
 * Wait until the group is Stable with `members` members whose assignments cover `partitions`
 * partitions in total — the state every group test reaches before it produces.
 */
export function waitForStableGroup(admin: Admin, groupId: string, members: number, partitions: number, timeoutMs = 30_000): Promise<GroupSnapshot> {
  return waitFor(
    async () => {
      const g = await describeGroup(admin, groupId);
      const covered = g.members.reduce((n, m) => n + assignedCount(m), 0);
      return g.state === 'Stable' && g.members.length === members && covered === partitions ? g : undefined;
    },
    { timeoutMs, intervalMs: 100, description: `group ${groupId} Stable with ${members} members covering ${partitions} partitions` },
  );
}
