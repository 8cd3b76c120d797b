/**
 * The LeaderChange control record a new leader appends at its epoch start (Kafka's
 * LeaderChangeMessage: LeaderId, Voters, GrantingVoters). Like Raft's no-op entry, committing it
 * commits everything before it. Encoded as JSON inside the core; the controller's driver maps it
 * to Kafka's control record (type LEADER_CHANGE) when it writes the log in Kafka's format.
 */
export interface LeaderChange {
  readonly leaderId: number;
  readonly voters: readonly number[];
  readonly grantingVoters: readonly number[];
}

export function encodeLeaderChange(lc: LeaderChange): Buffer {
  return Buffer.from(JSON.stringify({ leaderId: lc.leaderId, voters: lc.voters, grantingVoters: lc.grantingVoters }));
}

const isIdList = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => Number.isInteger(x));

/** Undefined when the bytes are not a LeaderChange record. */
export function decodeLeaderChange(bytes: Buffer): LeaderChange | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const o = parsed as Record<string, unknown>;
  if (!Number.isInteger(o.leaderId) || !isIdList(o.voters) || !isIdList(o.grantingVoters)) return undefined;
  return { leaderId: o.leaderId as number, voters: o.voters, grantingVoters: o.grantingVoters };
}
