#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import pino from 'pino';
import { buildControllerConfig, ConfigError, DEFAULT_CONTROLLER_CONFIG, type ControllerConfig } from './config/controller-config';
import { startController } from './controller';
import { exitWhenLauncherGone, installProcessGuards, logDestination } from '@orderlab/runtime';
import { stopWhenParentGone } from './runtime/parent-watch';

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

const d = DEFAULT_CONTROLLER_CONFIG;
const SHUTDOWN_LIMIT_MS = 5000;
const program = new Command()
  .name('controller')
  .description('A KRaft-style controller: one voter of the Raft quorum that keeps the cluster metadata log; the leader is the active controller.')
  .requiredOption('--node-id <n>', 'this controller\'s node id (one of --voters)', int)
  .requiredOption('--voters <list>', 'the quorum, as Kafka\'s controller.quorum.voters: 1@host:port,2@host:port,3@host:port')
  .requiredOption('--data-dir <path>', 'where meta.properties, the metadata log, quorum-state and snapshots live')
  .option('--cluster-id <id>', 'the cluster id (default: generated into meta.properties on first start, then checked)')
  .option('--host <addr>', 'address the Kafka listener binds to', d.host)
  .option('--port <n>', 'Kafka listener port (Raft RPCs, broker lifecycle, admin)', int, d.port)
  .option('--advertised-host <host>', 'host this controller is advertised as (default: --host, or localhost for a wildcard)')
  .option('--http-host <addr>', 'HTTP bind address (GET /quorum, /metadata, /health)', d.httpHost)
  .option('--http-port <n>', 'HTTP port (0 = a free port, printed; -1 = off)', int, d.httpPort)
  .option('--raft-tick-ms <n>', 'the Raft driver\'s clock tick', int, d.raftTickMs)
  .option('--quorum-election-timeout-ms <n>', 'quorum.election.timeout.ms (Kafka 1000)', int, d.electionTimeoutMs)
  .option('--quorum-fetch-timeout-ms <n>', 'quorum.fetch.timeout.ms (Kafka 2000)', int, d.fetchTimeoutMs)
  .option('--quorum-request-timeout-ms <n>', 'quorum.request.timeout.ms (Kafka 2000)', int, d.requestTimeoutMs)
  .option('--quorum-election-backoff-max-ms <n>', 'quorum.election.backoff.max.ms (Kafka 1000)', int, d.electionBackoffMaxMs)
  .option('--quorum-retry-backoff-ms <n>', 'quorum.retry.backoff.ms (Kafka 20)', int, d.retryBackoffMs)
  .option('--quorum-fetch-max-wait-ms <n>', 'how long the leader parks a Fetch with nothing new (Kafka 500)', int, d.fetchMaxWaitMs)
  .option('--broker-session-timeout-ms <n>', 'broker.session.timeout.ms (Kafka 9000)', int, d.brokerSessionTimeoutMs)
  .option('--broker-disconnect-grace-ms <n>', 'fence a broker this soon after its heartbeat connection closed (≥ 2 heartbeat intervals; not in Kafka)', int, d.brokerDisconnectGraceMs)
  .option('--controller-request-timeout-ms <n>', 'how long a controller request waits for a leader and a commit', int, d.controllerRequestTimeoutMs)
  .option('--snapshot-max-new-records <n>', 'snapshot after this many records', int, d.snapshotMaxNewRecords)
  .option('--snapshot-max-new-bytes <n>', 'metadata.log.max.record.bytes.between.snapshots (Kafka 20 MiB)', int, d.snapshotMaxNewBytes)
  .option('--metadata-log-segment-bytes <n>', 'metadata.log.segment.bytes (Kafka 1 GiB)', int, d.metadataLogSegmentBytes)
  .option('--num-partitions <n>', 'num.partitions for CreateTopics with -1', int, d.defaultPartitions)
  .option('--default-replication-factor <n>', 'default.replication.factor for CreateTopics with -1', int, d.defaultReplicationFactor)
  .option('--initial-isr <who>', 'a new partition\'s ISR: leader (until followers replicate) or replicas (Kafka)', d.initialIsr)
  .option('--auto-leader-rebalance-enable <bool>', 'auto.leader.rebalance.enable', bool, d.autoLeaderRebalanceEnable)
  .option('--leader-imbalance-check-interval-ms <n>', 'leader.imbalance.check.interval.seconds, in ms (Kafka 300000)', int, d.leaderImbalanceCheckIntervalMs)
  .option('--log-level <level>', 'debug | info | warn | error | silent', d.logLevel);

function configFromArgs(): ControllerConfig {
  const o = program.parse(process.argv).opts();
  return buildControllerConfig({
    nodeId: o.nodeId,
    voters: o.voters,
    dataDir: o.dataDir,
    clusterId: o.clusterId,
    host: o.host,
    port: o.port,
    advertisedHost: o.advertisedHost,
    httpHost: o.httpHost,
    httpPort: o.httpPort,
    raftTickMs: o.raftTickMs,
    electionTimeoutMs: o.quorumElectionTimeoutMs,
    fetchTimeoutMs: o.quorumFetchTimeoutMs,
    requestTimeoutMs: o.quorumRequestTimeoutMs,
    electionBackoffMaxMs: o.quorumElectionBackoffMaxMs,
    retryBackoffMs: o.quorumRetryBackoffMs,
    fetchMaxWaitMs: o.quorumFetchMaxWaitMs,
    brokerSessionTimeoutMs: o.brokerSessionTimeoutMs,
    brokerDisconnectGraceMs: o.brokerDisconnectGraceMs,
    controllerRequestTimeoutMs: o.controllerRequestTimeoutMs,
    snapshotMaxNewRecords: o.snapshotMaxNewRecords,
    snapshotMaxNewBytes: o.snapshotMaxNewBytes,
    metadataLogSegmentBytes: o.metadataLogSegmentBytes,
    defaultPartitions: o.numPartitions,
    defaultReplicationFactor: o.defaultReplicationFactor,
    initialIsr: o.initialIsr,
    autoLeaderRebalanceEnable: o.autoLeaderRebalanceEnable,
    leaderImbalanceCheckIntervalMs: o.leaderImbalanceCheckIntervalMs,
    logLevel: o.logLevel,
  });
}

async function main(): Promise<void> {
  installProcessGuards('controller');
  let config: ControllerConfig;
  try {
    config = configFromArgs();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`controller: invalid configuration: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  // Not pino's default writer: it never exits once a dead launcher broke our stdout (libs/runtime).
  const logger = pino({ level: config.logLevel, base: { node: config.nodeId, service: 'controller' } }, logDestination());
  let stopping = false;
  const started: { running?: Awaited<ReturnType<typeof startController>> } = {};
  const stop = (reason: string, code = 0): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down');
    // A stop that hangs (a peer holding a connection open) must not leave the process behind.
    setTimeout(() => {
      logger.error({ reason, afterMs: SHUTDOWN_LIMIT_MS }, 'shutdown did not finish in time: exiting anyway');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    (started.running ? started.running.stop() : Promise.resolve()).then(
      () => process.exit(code),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  stopWhenParentGone((reason) => stop(reason));
  exitWhenLauncherGone('controller', { onGone: () => stop('the launcher is gone'), graceMs: SHUTDOWN_LIMIT_MS + 1000 });
  const fatal = (err: unknown): void => {
    logger.fatal({ err }, 'the metadata log could not be persisted: stopping (durability can no longer be promised)');
    process.exit(1);
  };
  const running = await startController(config, logger, fatal);
  started.running = running;
  // One line launchers and tests wait for, whatever the log level.
  process.stdout.write(`${JSON.stringify({ ready: true, nodeId: config.nodeId, clusterId: running.clusterId, kafka: running.kafka, url: running.url })}\n`);
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`controller: failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
