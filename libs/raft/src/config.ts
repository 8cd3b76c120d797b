import { silentLogger, type Logger } from '@orderlab/shared';
import { RaftUsageError } from './errors';
import type { RaftStorage } from './storage/storage';

/**
 * Everything the core needs, injected: no clock, no randomness, no I/O of its own. Times are in
 * ticks; the driver decides how long a tick is (the controller: 50 ms, so Kafka's defaults are
 * electionTimeout 20, fetchTimeout 40, requestTimeout 40, fetchMaxWait 10).
 */
export interface RaftConfig {
  readonly nodeId: number;
  /** The static voter set (1, 3 or 5 in practice); must contain nodeId. */
  readonly voters: readonly number[];
  readonly storage: RaftStorage;
  /** Uniform in [0, 1): election jitter and backoffs. Seed it for deterministic runs. */
  readonly random: () => number;
  /** T: election timeouts are drawn from [T, 2T) (quorum.election.timeout.ms). */
  readonly electionTimeoutTicks: number;
  /** A follower with no successful fetch for this long starts an election; a leader without fetches from a majority for 1.5× this resigns (quorum.fetch.timeout.ms). */
  readonly fetchTimeoutTicks: number;
  /** A request without an answer for this long is sent again (quorum.request.timeout.ms). */
  readonly requestTimeoutTicks: number;
  /** Upper bound of the random backoff after a lost election (quorum.election.backoff.max.ms). */
  readonly electionBackoffMaxTicks: number;
  /** Pause after an error answer before asking again (quorum.retry.backoff.ms). */
  readonly retryBackoffTicks: number;
  /** How long the leader may park a Fetch that has nothing new (Fetch MaxWaitMs). */
  readonly fetchMaxWaitTicks: number;
  readonly maxFetchBytes: number;
  readonly maxSnapshotChunkBytes: number;
  /** Bounds the committed batches one Ready hands out. */
  readonly maxCommittedBytesPerReady: number;
  /** Observers not heard from for this long drop out of status(). */
  readonly observerTimeoutTicks: number;
  /** Where the driver's state machine already is (etcd's Config.Applied); defaults to the snapshot's end. */
  readonly appliedOffset?: number;
  readonly logger?: Logger;
}

export type RaftConfigInput = Pick<RaftConfig, 'nodeId' | 'voters' | 'storage' | 'random'> & Partial<Omit<RaftConfig, 'nodeId' | 'voters' | 'storage' | 'random'>>;

export const DEFAULT_TIMING = {
  electionTimeoutTicks: 20,
  fetchTimeoutTicks: 40,
  requestTimeoutTicks: 40,
  electionBackoffMaxTicks: 20,
  retryBackoffTicks: 1,
  fetchMaxWaitTicks: 10,
  maxFetchBytes: 1 << 20,
  maxSnapshotChunkBytes: 1 << 20,
  maxCommittedBytesPerReady: 8 << 20,
  observerTimeoutTicks: 6000,
} as const;

const POSITIVE_INTEGERS = Object.keys(DEFAULT_TIMING) as Array<keyof typeof DEFAULT_TIMING>;

export interface ResolvedConfig extends RaftConfig {
  readonly logger: Logger;
}

export function resolveConfig(input: RaftConfigInput): ResolvedConfig {
  const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as RaftConfigInput;
  const c: ResolvedConfig = { ...DEFAULT_TIMING, logger: silentLogger, ...given };
  const fail = (why: string): never => {
    throw new RaftUsageError('INVALID_CONFIG', why, { nodeId: c.nodeId });
  };
  if (!Number.isInteger(c.nodeId) || c.nodeId < 0) fail(`nodeId ${c.nodeId} must be a non-negative integer`);
  if (c.voters.length === 0 || new Set(c.voters).size !== c.voters.length) fail(`voters ${c.voters.join(',')} must be distinct and non-empty`);
  if (!c.voters.includes(c.nodeId)) fail(`nodeId ${c.nodeId} is not among the voters ${c.voters.join(',')}`);
  for (const k of POSITIVE_INTEGERS) {
    const v = c[k];
    if (!Number.isInteger(v) || v < 1) fail(`${k} must be a positive integer, got ${String(v)}`);
  }
  if (c.requestTimeoutTicks <= c.fetchMaxWaitTicks) fail('requestTimeoutTicks must exceed fetchMaxWaitTicks, or parked fetches time out');
  if (c.fetchTimeoutTicks <= c.fetchMaxWaitTicks) fail('fetchTimeoutTicks must exceed fetchMaxWaitTicks, or idle followers start elections');
  return c;
}
