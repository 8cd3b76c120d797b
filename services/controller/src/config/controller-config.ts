import { ConfigError, parseVoters, type VoterEndpoint } from './voters';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Everything a controller process is configured with; validated once at boot (buildControllerConfig). */
export interface ControllerConfig {
  readonly nodeId: number;
  /** Kafka listener (Raft RPCs, broker lifecycle, admin): bind address and port. */
  readonly host: string;
  readonly port: number;
  /** Host this controller's endpoint is advertised with (leader endpoints in BeginQuorumEpoch, DescribeQuorum nodes). */
  readonly advertisedHost: string;
  readonly httpHost: string;
  /** 0 picks a free port (printed at start); -1 turns HTTP off. */
  readonly httpPort: number;
  readonly voters: readonly VoterEndpoint[];
  readonly dataDir: string;
  /** Given: must match meta.properties (or is written there on first start). Absent: generated on first start. */
  readonly clusterId: string | undefined;
  /** The Raft driver's clock: every timing below is counted in ticks of this length. */
  readonly raftTickMs: number;
  /** quorum.election.timeout.ms (Kafka 1000): a candidate's timeout, drawn from [T, 2T). */
  readonly electionTimeoutMs: number;
  /** quorum.fetch.timeout.ms (Kafka 2000): a follower without a successful fetch for this long starts an election; check-quorum is 1.5×. */
  readonly fetchTimeoutMs: number;
  /** quorum.request.timeout.ms (Kafka 2000): unanswered Raft requests are sent again. */
  readonly requestTimeoutMs: number;
  /** quorum.election.backoff.max.ms (Kafka 1000). */
  readonly electionBackoffMaxMs: number;
  /** quorum.retry.backoff.ms (Kafka 20). */
  readonly retryBackoffMs: number;
  /** How long the leader parks a Fetch with nothing new (Kafka's Raft client: 500). */
  readonly fetchMaxWaitMs: number;
  /** broker.session.timeout.ms (Kafka 9000): a broker not heard from for longer is fenced. */
  readonly brokerSessionTimeoutMs: number;
  /**
   * A broker whose heartbeat connection closed (a killed process) is fenced this long after the
   * close unless it heartbeats again; not in Kafka (which waits the whole session timeout). Keep it
   * ≥ 2 × the brokers' --broker-heartbeat-interval-ms; at or above the session timeout it does nothing.
   */
  readonly brokerDisconnectGraceMs: number;
  /** How long a controller request waits for a leader and for its records to commit before REQUEST_TIMED_OUT. */
  readonly controllerRequestTimeoutMs: number;
  /** Snapshot once this many records were applied since the last snapshot (Kafka counts bytes only). */
  readonly snapshotMaxNewRecords: number;
  /** metadata.log.max.record.bytes.between.snapshots (Kafka 20 MiB). */
  readonly snapshotMaxNewBytes: number;
  /** metadata.log.segment.bytes (Kafka 1 GiB): small, so compaction behind a snapshot frees disk. */
  readonly metadataLogSegmentBytes: number;
  readonly defaultPartitions: number;
  readonly defaultReplicationFactor: number;
  /** Who is in a new partition's ISR: only the leader until followers replicate (issue 9). */
  readonly initialIsr: 'leader' | 'replicas';
  readonly autoLeaderRebalanceEnable: boolean;
  readonly leaderImbalanceCheckIntervalMs: number;
  readonly logLevel: LogLevel;
}

/**
 * Demo defaults: fast enough to watch a failover (SIGKILL of the active controller → the next
 * CreateTopics succeeds well within 1.5 s). Kafka's defaults are in the comments of each field
 * and in KAFKA_TIMING; the README compares them.
 */
export const DEFAULT_CONTROLLER_CONFIG: Omit<ControllerConfig, 'nodeId' | 'voters' | 'dataDir' | 'clusterId'> = {
  host: '127.0.0.1',
  port: 9093,
  advertisedHost: '',
  httpHost: '127.0.0.1',
  httpPort: 0,
  raftTickMs: 10,
  electionTimeoutMs: 300,
  fetchTimeoutMs: 600,
  requestTimeoutMs: 500,
  electionBackoffMaxMs: 300,
  retryBackoffMs: 20,
  fetchMaxWaitMs: 200,
  brokerSessionTimeoutMs: 6000,
  brokerDisconnectGraceMs: 1000,
  controllerRequestTimeoutMs: 5000,
  snapshotMaxNewRecords: 10_000,
  snapshotMaxNewBytes: 20 * 1024 * 1024,
  metadataLogSegmentBytes: 1024 * 1024,
  defaultPartitions: 1,
  defaultReplicationFactor: 1,
  initialIsr: 'replicas',
  autoLeaderRebalanceEnable: true,
  leaderImbalanceCheckIntervalMs: 300_000,
  logLevel: 'info',
};

/** Kafka's own defaults, for the README and for anyone who wants them (`--quorum-fetch-timeout-ms 2000` …). */
export const KAFKA_TIMING = {
  electionTimeoutMs: 1000,
  fetchTimeoutMs: 2000,
  requestTimeoutMs: 2000,
  electionBackoffMaxMs: 1000,
  retryBackoffMs: 20,
  fetchMaxWaitMs: 500,
  brokerSessionTimeoutMs: 9000,
  brokerHeartbeatIntervalMs: 2000,
} as const;

export interface ControllerConfigInput extends Partial<Omit<ControllerConfig, 'voters'>> {
  readonly nodeId: number;
  readonly voters: string;
  readonly dataDir: string;
}

const INTEGER_RANGES: ReadonlyArray<[keyof ControllerConfig, number, number]> = [
  ['nodeId', 0, 2 ** 31 - 1],
  ['port', 0, 65535],
  ['httpPort', -1, 65535],
  ['raftTickMs', 1, 1000],
  ['electionTimeoutMs', 1, 600_000],
  ['fetchTimeoutMs', 1, 600_000],
  ['requestTimeoutMs', 1, 600_000],
  ['electionBackoffMaxMs', 1, 600_000],
  ['retryBackoffMs', 1, 600_000],
  ['fetchMaxWaitMs', 1, 600_000],
  ['brokerSessionTimeoutMs', 1, 2 ** 31 - 1],
  ['brokerDisconnectGraceMs', 1, 2 ** 31 - 1],
  ['controllerRequestTimeoutMs', 1, 2 ** 31 - 1],
  ['snapshotMaxNewRecords', 1, Number.MAX_SAFE_INTEGER],
  ['snapshotMaxNewBytes', 1, Number.MAX_SAFE_INTEGER],
  ['metadataLogSegmentBytes', 1024, 2 ** 31 - 1],
  ['defaultPartitions', 1, 100_000],
  ['defaultReplicationFactor', 1, 32767],
  ['leaderImbalanceCheckIntervalMs', 1, 2 ** 31 - 1],
];

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/** Defaults, then the given values; every field checked. Throws ConfigError naming the bad one. */
export function buildControllerConfig(input: ControllerConfigInput): ControllerConfig {
  const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const voters = parseVoters(input.voters);
  const merged = { ...DEFAULT_CONTROLLER_CONFIG, clusterId: undefined, ...given, voters } as unknown as ControllerConfig;
  const config: ControllerConfig = { ...merged, advertisedHost: merged.advertisedHost || advertisable(merged.host) };
  for (const [field, min, max] of INTEGER_RANGES) {
    const v = config[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(field, `must be an integer in [${min}, ${max}], got ${String(v)}`);
  }
  if (!config.dataDir) fail('dataDir', 'is required');
  if (!voters.some((v) => v.nodeId === config.nodeId)) fail('voters', `must include this node (${config.nodeId})`);
  if (config.clusterId !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(config.clusterId)) fail('clusterId', `"${config.clusterId}" is not a cluster id (URL-safe base64, as kafka-storage random-uuid prints)`);
  if (!LOG_LEVELS.includes(config.logLevel)) fail('logLevel', `must be one of ${LOG_LEVELS.join(', ')}`);
  if (config.initialIsr !== 'leader' && config.initialIsr !== 'replicas') fail('initialIsr', 'must be leader or replicas');
  checkTimings(config);
  return config;
}

function checkTimings(c: ControllerConfig): void {
  if (c.fetchMaxWaitMs >= c.requestTimeoutMs) fail('fetchMaxWaitMs', `(${c.fetchMaxWaitMs}) must be below requestTimeoutMs (${c.requestTimeoutMs}), or parked fetches time out`);
  if (c.fetchMaxWaitMs >= c.fetchTimeoutMs) fail('fetchMaxWaitMs', `(${c.fetchMaxWaitMs}) must be below fetchTimeoutMs (${c.fetchTimeoutMs}), or idle followers start elections`);
  for (const k of ['electionTimeoutMs', 'fetchTimeoutMs', 'requestTimeoutMs', 'fetchMaxWaitMs'] as const) {
    if (c[k] < c.raftTickMs) fail(k, `(${c[k]}) is shorter than one tick (raftTickMs ${c.raftTickMs})`);
  }
}

function fail(field: string, why: string): never {
  throw new ConfigError('CONFIG.INVALID', `${field} ${why}`, { field });
}

function advertisable(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host;
}

export { ConfigError };
