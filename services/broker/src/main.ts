#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import pino from 'pino';
import { exitWhenLauncherGone, installProcessGuards, logDestination } from '@orderlab/runtime';
import { startBroker, type RunningBroker } from './broker';
import { DataDirError } from './storage/meta-properties';
import { buildBrokerConfig, ConfigError, DEFAULT_BROKER_CONFIG, type BrokerConfig } from './config/broker-config';

function int(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`"${value}" is not an integer`);
  return n;
}

function bool(value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new InvalidArgumentError(`"${value}" must be true or false`);
}

const d = DEFAULT_BROKER_CONFIG;
const program = new Command()
  .name('broker')
  .description('A Kafka-compatible broker: speaks the Kafka wire protocol, stores partitions as segmented logs on disk.')
  .requiredOption('--data-dir <path>', 'where logs, metadata and the cluster id live')
  .option('--node-id <n>', 'this broker\'s id', int, d.nodeId)
  .option('--host <addr>', 'address the Kafka listener binds to', d.host)
  .option('--port <n>', 'Kafka listener port', int, d.port)
  .option('--advertised-host <host>', 'host clients are told to connect to', d.advertisedHost)
  .option('--advertised-port <n>', 'port clients are told to connect to (-1 = --port)', int, d.advertisedPort)
  .option('--admin-host <addr>', 'admin HTTP bind address', d.adminHost)
  .option('--admin-port <n>', 'admin HTTP port (0 = any free port, -1 = off)', int, d.adminPort)
  .option('--auto-create-topics <bool>', 'create unknown topics on first use (auto.create.topics.enable)', bool, d.autoCreateTopics)
  .option('--num-partitions <n>', 'partitions of auto-created topics (num.partitions)', int, d.defaultPartitions)
  .option('--message-max-bytes <n>', 'largest record batch (message.max.bytes)', int, d.messageMaxBytes)
  .option('--socket-request-max-bytes <n>', 'largest request frame (socket.request.max.bytes)', int, d.socketRequestMaxBytes)
  .option('--log-segment-bytes <n>', 'segment size (log.segment.bytes)', int, d.logSegmentBytes)
  .option('--log-retention-ms <n>', 'default retention (log.retention.ms)', int, d.logRetentionMs)
  .option('--log-retention-check-interval-ms <n>', 'how often retention runs', int, d.logRetentionCheckIntervalMs)
  .option('--producer-id-expiration-ms <n>', 'forget an idempotent producer idle this long (producer.id.expiration.ms)', int, d.producerIdExpirationMs)
  .option('--log-flush-interval-messages <n>', 'fsync every N records (0 = on roll and shutdown only)', int, d.logFlushIntervalMessages)
  .option('--log-flush-interval-ms <n>', 'fsync at least every N ms (0 = off)', int, d.logFlushIntervalMs)
  .option('--group-initial-rebalance-delay-ms <n>', 'group.initial.rebalance.delay.ms', int, d.groupInitialRebalanceDelayMs)
  .option('--group-min-session-timeout-ms <n>', 'group.min.session.timeout.ms', int, d.groupMinSessionTimeoutMs)
  .option('--group-max-session-timeout-ms <n>', 'group.max.session.timeout.ms', int, d.groupMaxSessionTimeoutMs)
  .option('--offsets-retention-minutes <n>', 'offsets.retention.minutes: keep an empty group\'s offsets this long', int, d.offsetsRetentionMinutes)
  .option('--offsets-retention-check-interval-ms <n>', 'offsets.retention.check.interval.ms', int, d.offsetsRetentionCheckIntervalMs)
  .option('--controller-quorum-voters <list>', 'controller.quorum.voters: id@host:port,… of the controller quorum (required)')
  .option('--cluster-id <id>', 'the quorum\'s cluster id; required on the first start (kept in meta.properties)')
  .option('--broker-heartbeat-interval-ms <n>', 'broker.heartbeat.interval.ms (Kafka 2000)', int, d.brokerHeartbeatIntervalMs)
  .option('--metadata-fetch-max-wait-ms <n>', 'how long the controller may park a metadata fetch with nothing new', int, d.metadataFetchMaxWaitMs)
  .option('--min-insync-replicas <n>', 'min.insync.replicas for topics without their own: acks=all needs this many in the ISR', int, d.minInsyncReplicas)
  .option('--replica-lag-time-max-ms <n>', 'replica.lag.time.max.ms: a follower not caught up this long leaves the ISR (Kafka 30000)', int, d.replicaLagTimeMaxMs)
  .option('--replica-fetch-wait-max-ms <n>', 'replica.fetch.wait.max.ms: how long a leader parks a follower fetch with nothing new', int, d.replicaFetchWaitMaxMs)
  .option('--replica-fetch-max-bytes <n>', 'replica.fetch.max.bytes per partition of a follower fetch', int, d.replicaFetchMaxBytes)
  .option('--controller-request-timeout-ms <n>', 'how long forwarded admin requests, registration and producer-id blocks may take', int, d.controllerRequestTimeoutMs)
  .option('--default-replication-factor <n>', 'default.replication.factor for CreateTopics with -1 and auto-created topics', int, d.defaultReplicationFactor)
  .option('--log-level <level>', 'debug | info | warn | error | silent', d.logLevel);

async function main(): Promise<void> {
  installProcessGuards('broker');
  const o = program.parse(process.argv).opts();
  let config: BrokerConfig;
  try {
    config = buildBrokerConfig({
      dataDir: o.dataDir,
      nodeId: o.nodeId,
      host: o.host,
      port: o.port,
      advertisedHost: o.advertisedHost,
      advertisedPort: o.advertisedPort,
      adminHost: o.adminHost,
      adminPort: o.adminPort,
      autoCreateTopics: o.autoCreateTopics,
      defaultPartitions: o.numPartitions,
      messageMaxBytes: o.messageMaxBytes,
      socketRequestMaxBytes: o.socketRequestMaxBytes,
      logSegmentBytes: o.logSegmentBytes,
      logRetentionMs: o.logRetentionMs,
      logRetentionCheckIntervalMs: o.logRetentionCheckIntervalMs,
      producerIdExpirationMs: o.producerIdExpirationMs,
      logFlushIntervalMessages: o.logFlushIntervalMessages,
      logFlushIntervalMs: o.logFlushIntervalMs,
      groupInitialRebalanceDelayMs: o.groupInitialRebalanceDelayMs,
      groupMinSessionTimeoutMs: o.groupMinSessionTimeoutMs,
      groupMaxSessionTimeoutMs: o.groupMaxSessionTimeoutMs,
      offsetsRetentionMinutes: o.offsetsRetentionMinutes,
      offsetsRetentionCheckIntervalMs: o.offsetsRetentionCheckIntervalMs,
      controllerQuorumVoters: o.controllerQuorumVoters ?? '',
      clusterId: o.clusterId ?? null,
      brokerHeartbeatIntervalMs: o.brokerHeartbeatIntervalMs,
      metadataFetchMaxWaitMs: o.metadataFetchMaxWaitMs,
      minInsyncReplicas: o.minInsyncReplicas,
      replicaLagTimeMaxMs: o.replicaLagTimeMaxMs,
      replicaFetchWaitMaxMs: o.replicaFetchWaitMaxMs,
      replicaFetchMaxBytes: o.replicaFetchMaxBytes,
      controllerRequestTimeoutMs: o.controllerRequestTimeoutMs,
      defaultReplicationFactor: o.defaultReplicationFactor,
      logLevel: o.logLevel,
    });
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`broker: invalid configuration: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  // Not pino's default writer: it never exits once a dead launcher broke our stdout (libs/runtime).
  const logger = pino({ level: config.logLevel, base: { node: config.nodeId } }, logDestination());
  let broker: RunningBroker | null = null;
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Still waiting for the quorum at start: nothing is open yet that needs a clean close.
    if (!broker) process.exit(0);
    broker.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // Started by a launcher (npm run demo): leave cleanly when it is gone, even if it was SIGKILLed.
  exitWhenLauncherGone('broker');
  broker = await startBroker(config, logger, {
    // One line on stdout for launchers, whatever the log level, once the controller unfenced us.
    onReady: (info) => process.stdout.write(`${JSON.stringify({ ready: true, ...info })}\n`),
    onFatal: (message) => {
      logger.error({ reason: message }, "registration refused for good");
      process.stderr.write(`broker: ${message}\n`);
      process.exit(1);
    },
  });
}

main().catch((err: unknown) => {
  if (err instanceof DataDirError) {
    process.stderr.write(`broker: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`broker: failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
