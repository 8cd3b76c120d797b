/** The Raft RPC versions this controller serves and sends (the same ranges: every controller runs this code). */
export const RAFT_RPC_VERSIONS = {
  vote: { minVersion: 0, maxVersion: 2 },
  beginQuorumEpoch: { minVersion: 0, maxVersion: 1 },
  endQuorumEpoch: { minVersion: 0, maxVersion: 1 },
  fetch: { minVersion: 12, maxVersion: 17 },
  fetchSnapshot: { minVersion: 0, maxVersion: 1 },
} as const;
