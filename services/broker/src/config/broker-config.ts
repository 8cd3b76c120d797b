import { CodedError } from '@orderlab/shared';
import { parseQuorumVoters } from '../metadata-follower/quorum-voters';

/** Everything a broker process is configured with; validated once at boot. */
export interface BrokerConfig {
  readonly nodeId: number;
  /** Address the Kafka listener binds to. */
  readonly host: string;
  readonly port: number;
  /** Host name clients are told to connect to (Metadata). */
  readonly advertisedHost: string;
  /** Port clients are told to connect to; -1 = the listener's port (differs behind a proxy or NAT). */
  readonly advertisedPort: number;
  readonly dataDir: string;
  readonly adminHost: string;
  /** 0 picks a free port (tests); -1 disables the admin HTTP server. */
  readonly adminPort: number;
  /** auto.create.topics.enable: off by default (Kafka's default is on; ours is off so typos fail loudly). */
  readonly autoCreateTopics: boolean;
  /** num.partitions for auto-created topics and CreateTopics with -1. */
  readonly defaultPartitions: number;
  /** default.replication.factor. */
  readonly defaultReplicationFactor: number;
  /** socket.request.max.bytes: larger frames close the connection. */
  readonly socketRequestMaxBytes: number;
  /** message.max.bytes: the largest record batch a topic accepts unless max.message.bytes overrides it. */
  readonly messageMaxBytes: number;
  /** Per connection: stop reading while this many requests are unanswered… */
  readonly maxQueuedRequestsPerConnection: number;
  /** …or while this many request bytes are unanswered. */
  readonly maxQueuedBytesPerConnection: number;
  /** log.flush.interval.messages (0 = rely on the OS; fsync on roll and clean shutdown only). */
  readonly logFlushIntervalMessages: number;
  /** log.flush.interval.ms (0 = off). */
  readonly logFlushIntervalMs: number;
  /** log.segment.bytes default for new topics. */
  readonly logSegmentBytes: number;
  /** log.retention.ms default for new topics. */
  readonly logRetentionMs: number;
  /** How often retention runs (log.retention.check.interval.ms). */
  readonly logRetentionCheckIntervalMs: number;
  /** producer.id.expiration.ms: idempotent-producer state of a producer idle this long is dropped. */
  readonly producerIdExpirationMs: number;
  readonly groupInitialRebalanceDelayMs: number;
  readonly groupMinSessionTimeoutMs: number;
  readonly groupMaxSessionTimeoutMs: number;
  readonly offsetsTopicNumPartitions: number;
  /** offsets.retention.minutes: how long an empty group's (or a standalone committer's) offsets are kept. */
  readonly offsetsRetentionMinutes: number;
  /** offsets.retention.check.interval.ms: how often expired offsets and dead groups are removed. */
  readonly offsetsRetentionCheckIntervalMs: number;
  /** controller.quorum.voters: `id@host:port,…` of the controller quorum this broker follows. */
  readonly controllerQuorumVoters: string;
  /** The cluster id; required on the first start (stored in meta.properties), checked afterwards. */
  readonly clusterId: string | null;
  /** broker.heartbeat.interval.ms (Kafka 2000, demo 500: the controller fences a broker whose connection closed after 2 intervals). */
  readonly brokerHeartbeatIntervalMs: number;
  /** How long the leader may park a metadata Fetch with nothing new (replica.fetch.wait.max.ms is 500). */
  readonly metadataFetchMaxWaitMs: number;
  /** min.insync.replicas for topics without their own (Kafka's broker default 1; the 3-broker demo sets 2). */
  readonly minInsyncReplicas: number;
  /** replica.lag.time.max.ms: a follower not caught up for longer leaves the ISR (Kafka 30000). */
  readonly replicaLagTimeMaxMs: number;
  /** replica.fetch.wait.max.ms: how long a leader may park a follower's fetch with nothing new (must stay well below the lag time). */
  readonly replicaFetchWaitMaxMs: number;
  /** replica.fetch.max.bytes: per partition in a follower's fetch (whole batches; the first is sent whatever its size). */
  readonly replicaFetchMaxBytes: number;
  /** How long a forwarded admin request, a registration or a producer-id block may take at the controller. */
  readonly controllerRequestTimeoutMs: number;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

export const DEFAULT_BROKER_CONFIG: Omit<BrokerConfig, 'dataDir'> = {
  nodeId: 1,
  host: '0.0.0.0',
  port: 9092,
  advertisedHost: 'localhost',
  advertisedPort: -1,
  adminHost: '127.0.0.1',
  adminPort: 9644,
  autoCreateTopics: false,
  defaultPartitions: 1,
  defaultReplicationFactor: 1,
  socketRequestMaxBytes: 104_857_600,
  messageMaxBytes: 1_048_588,
  maxQueuedRequestsPerConnection: 100,
  maxQueuedBytesPerConnection: 64 * 1024 * 1024,
  logFlushIntervalMessages: 0,
  logFlushIntervalMs: 0,
  logSegmentBytes: 1024 * 1024 * 1024,
  logRetentionMs: 7 * 24 * 3600 * 1000,
  logRetentionCheckIntervalMs: 5 * 60 * 1000,
  producerIdExpirationMs: 24 * 3600 * 1000,
  groupInitialRebalanceDelayMs: 3000,
  groupMinSessionTimeoutMs: 6000,
  groupMaxSessionTimeoutMs: 1_800_000,
  offsetsTopicNumPartitions: 50,
  offsetsRetentionMinutes: 7 * 24 * 60,
  offsetsRetentionCheckIntervalMs: 600_000,
  controllerQuorumVoters: '',
  clusterId: null,
  brokerHeartbeatIntervalMs: 500,
  metadataFetchMaxWaitMs: 500,
  minInsyncReplicas: 1,
  replicaLagTimeMaxMs: 5000,
  replicaFetchWaitMaxMs: 500,
  replicaFetchMaxBytes: 1024 * 1024,
  controllerRequestTimeoutMs: 15_000,
  logLevel: 'info',
};

export class ConfigError extends CodedError<'CONFIG.INVALID'> {}

const integerFields: ReadonlyArray<[keyof BrokerConfig, number, number]> = [
  ['nodeId', 0, 2 ** 31 - 1],
  ['port', 1, 65535],
  ['advertisedPort', -1, 65535],
  ['adminPort', -1, 65535],
  ['defaultPartitions', 1, 100_000],
  ['defaultReplicationFactor', 1, 32767],
  ['socketRequestMaxBytes', 1024, 2 ** 31 - 1],
  ['messageMaxBytes', 1024, 2 ** 31 - 1],
  ['maxQueuedRequestsPerConnection', 1, 100_000],
  ['maxQueuedBytesPerConnection', 1024, 2 ** 31 - 1],
  ['logFlushIntervalMessages', 0, Number.MAX_SAFE_INTEGER],
  ['logFlushIntervalMs', 0, Number.MAX_SAFE_INTEGER],
  ['logSegmentBytes', 1024, 2 ** 31 - 1],
  ['logRetentionMs', -1, Number.MAX_SAFE_INTEGER],
  ['logRetentionCheckIntervalMs', 1, Number.MAX_SAFE_INTEGER],
  ['producerIdExpirationMs', 1, Number.MAX_SAFE_INTEGER],
  ['groupInitialRebalanceDelayMs', 0, Number.MAX_SAFE_INTEGER],
  ['groupMinSessionTimeoutMs', 1, Number.MAX_SAFE_INTEGER],
  ['groupMaxSessionTimeoutMs', 1, Number.MAX_SAFE_INTEGER],
  ['offsetsTopicNumPartitions', 1, 1000],
  ['offsetsRetentionMinutes', 1, 2 ** 31 - 1],
  ['offsetsRetentionCheckIntervalMs', 1, Number.MAX_SAFE_INTEGER],
  ['brokerHeartbeatIntervalMs', 10, 60_000],
  ['metadataFetchMaxWaitMs', 0, 60_000],
  ['minInsyncReplicas', 1, 32767],
  ['replicaLagTimeMaxMs', 100, 600_000],
  ['replicaFetchWaitMaxMs', 0, 60_000],
  ['replicaFetchMaxBytes', 1024, 1024 * 1024 * 1024],
  ['controllerRequestTimeoutMs', 100, 600_000],
];

/** Merge overrides onto defaults and validate; throws ConfigError naming the bad field. */
export function buildBrokerConfig(overrides: Partial<BrokerConfig> & { dataDir: string }): BrokerConfig {
  const config = { ...DEFAULT_BROKER_CONFIG, ...dropUndefined(overrides), dataDir: overrides.dataDir } as BrokerConfig;
  for (const [field, min, max] of integerFields) {
    const v = config[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new ConfigError('CONFIG.INVALID', `${field} must be an integer in [${min}, ${max}], got ${String(v)}`, { field });
    }
  }
  if (!config.dataDir) throw new ConfigError('CONFIG.INVALID', 'dataDir is required', { field: 'dataDir' });
  const voters = parseQuorumVoters(config.controllerQuorumVoters);
  if (typeof voters === 'string') throw new ConfigError('CONFIG.INVALID', `controllerQuorumVoters: ${voters}`, { field: 'controllerQuorumVoters' });
  if (voters.some((v) => v.nodeId === config.nodeId)) {
    throw new ConfigError('CONFIG.INVALID', `nodeId ${config.nodeId} is also a controller voter id: broker ids must differ from the voters'`, { field: 'nodeId' });
  }
  if (config.clusterId !== null && !/^[A-Za-z0-9_-]{1,64}$/.test(config.clusterId)) {
    throw new ConfigError('CONFIG.INVALID', `clusterId "${config.clusterId}" must be 1-64 characters of [A-Za-z0-9_-]`, { field: 'clusterId' });
  }
  if (config.groupMinSessionTimeoutMs > config.groupMaxSessionTimeoutMs) {
    throw new ConfigError('CONFIG.INVALID', 'groupMinSessionTimeoutMs exceeds groupMaxSessionTimeoutMs', { field: 'groupMinSessionTimeoutMs' });
  }
  return config;
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
