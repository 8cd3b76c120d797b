import { join } from 'node:path';
import type { Clock, Logger } from '@orderlab/shared';
import type { LogStore } from '@orderlab/log-store';
import { AllocateProducerIdsRequest, AllocateProducerIdsResponse, AlterPartitionRequest, AlterPartitionResponse, ElectLeadersRequest, ElectLeadersResponse, ErrorCode } from '@orderlab/kafka-protocol';
import { AdminHttpServer } from './admin/admin-http-server';
import { routeGroups } from './admin/group-routes';
import { AdminForwarder } from './cluster/admin-forwarder';
import { KRaftClusterMetadata } from './cluster/kraft-cluster-metadata';
import { GroupService } from './coordination/group-service';
import type { BrokerConfig } from './config/broker-config';
import { buildHandlers } from './handlers/handler-list';
import type { HandlerDeps } from './handlers/handler-deps';
import { BrokerLifecycle } from './metadata-follower/broker-lifecycle';
import { ControllerClient } from './metadata-follower/controller-client';
import { LeaderTracker } from './metadata-follower/leader-tracker';
import { MetadataFollower } from './metadata-follower/metadata-follower';
import { parseQuorumVoters, type VoterEndpoint } from './metadata-follower/quorum-voters';
import { ReplicaManager } from './partitions/replica-manager';
import { IsrManager } from './replication/isr-manager';
import { ReplicaFetcherManager } from './replication/replica-fetcher-manager';
import { ProducerIdAllocator, type ProducerIdBlock } from './producers/producer-id-allocator';
import { Dispatcher, KafkaServer } from '@orderlab/kafka-net';
import { openLogStore } from './storage/open-log-store';
import { loadOrCreateMetaProperties } from './storage/meta-properties';
import { brokerHealth } from './admin/broker-health';

export interface RunningBroker {
  readonly port: number;
  readonly adminPort: number;
  readonly clusterId: string;
  stop(): Promise<void>;
}

export interface BrokerHooks {
  /** Once, when the controller first unfences this broker. */
  readonly onReady?: (info: { nodeId: number; kafka: string; url: string }) => void;
  /** The quorum refused this broker for good (another cluster): the process should exit. */
  readonly onFatal?: (message: string) => void;
}

const systemClock: Clock = { now: () => Date.now() };
const RETRIABLE_ALLOCATE = new Set<number>([ErrorCode.NOT_CONTROLLER, ErrorCode.REQUEST_TIMED_OUT, ErrorCode.STALE_BROKER_EPOCH, ErrorCode.BROKER_ID_NOT_REGISTERED]);

/**
 * Composition root of one broker process: storage, the metadata follower (the controller quorum's
 * log, replayed), registration and heartbeats, partitions, handlers, listeners, timers. Partitions
 * and groups open only once the metadata has caught up, so a log is never judged orphaned
 * against a half-replayed image.
 */
export async function startBroker(config: BrokerConfig, logger: Logger, hooks: BrokerHooks = {}): Promise<RunningBroker> {
  const meta = loadOrCreateMetaProperties(config.dataDir, config.nodeId, config.clusterId ?? undefined);
  const voters = parseQuorumVoters(config.controllerQuorumVoters) as VoterEndpoint[];
  const tracker = new LeaderTracker(voters);
  // 2 s (Kafka's quorum.request.timeout.ms) beyond the max wait: a frozen controller leader holds
  // this broker's metadata — and so the new leader's name — for 2.5 s, not 5.5 s.
  const follower = new MetadataFollower(tracker, { brokerId: config.nodeId, clusterId: meta.clusterId, fetchMaxWaitMs: config.metadataFetchMaxWaitMs, requestTimeoutMs: 2000 }, logger);
  const controllers = new ControllerClient(tracker, config.nodeId, logger);
  const advertisedPort = config.advertisedPort >= 0 ? config.advertisedPort : config.port;
  const lifecycle = new BrokerLifecycle(controllers, {
    brokerId: config.nodeId,
    clusterId: meta.clusterId,
    listener: { host: config.advertisedHost, port: advertisedPort },
    heartbeatIntervalMs: config.brokerHeartbeatIntervalMs,
    appliedOffset: () => follower.replayer.lastAppliedOffset,
    onFatal: (message) => (hooks.onFatal ?? ((m: string) => logger.error({}, m)))(message),
  }, logger);
  const metadata = new KRaftClusterMetadata({
    clusterId: meta.clusterId,
    localNodeId: config.nodeId,
    image: () => follower.image,
    syncPoint: () => follower.syncPoint(),
    forwarder: new AdminForwarder(controllers, config.controllerRequestTimeoutMs),
    defaultPartitions: config.defaultPartitions,
    defaultReplicationFactor: config.defaultReplicationFactor,
    applyWaitMs: 5000,
  });
  follower.onImage((image, previous) => {
    metadata.imageChanged(image, previous);
    lifecycle.metadataAdvanced();
  });
  follower.start();
  lifecycle.start();

  const store: LogStore = openLogStore(join(config.dataDir, 'logs'), systemClock, logger, config.producerIdExpirationMs);
  logger.info({ cleanStart: store.cleanStart }, store.cleanStart ? 'clean start: log recovery skipped' : 'unclean start: recovered active segments (each partition re-validates what follows its recovery point)');
  await waitUntil(() => follower.caughtUp, (s) => logger.warn({ waitedSeconds: s, controller: tracker.leader.leaderId }, 'still waiting for the metadata to catch up with the controller quorum'));

  const replicas = new ReplicaManager(metadata, store, config, logger);
  replicas.start();
  // Followers pull from their leaders; leaders move the high watermark and propose ISR changes.
  const fetchers = new ReplicaFetcherManager(metadata, replicas, { brokerId: config.nodeId, maxWaitMs: config.replicaFetchWaitMaxMs, partitionMaxBytes: config.replicaFetchMaxBytes }, logger);
  fetchers.start();
  const isr = new IsrManager(metadata, replicas, {
    brokerId: config.nodeId,
    brokerEpoch: () => lifecycle.brokerEpoch,
    lagTimeMs: config.replicaLagTimeMaxMs,
    requestTimeoutMs: config.controllerRequestTimeoutMs,
    send: async (body, deadlineMs) =>
      (await controllers.send({ request: AlterPartitionRequest, response: AlterPartitionResponse }, 2, body, (r) => r.errorCode === ErrorCode.NOT_CONTROLLER, deadlineMs)).response,
  }, logger);
  isr.start();
  const groups = new GroupService(metadata, replicas, config, systemClock, logger);
  groups.start();
  const blockSource = async (): Promise<ProducerIdBlock> => {
    const deadline = Date.now() + config.controllerRequestTimeoutMs;
    const { response } = await controllers.send(
      { request: AllocateProducerIdsRequest, response: AllocateProducerIdsResponse },
      0,
      { brokerId: config.nodeId, brokerEpoch: lifecycle.brokerEpoch },
      (r) => RETRIABLE_ALLOCATE.has(r.errorCode),
      deadline,
    );
    if (response.errorCode !== ErrorCode.NONE) throw new Error(`AllocateProducerIds answered error ${response.errorCode}`);
    return { start: Number(response.producerIdStart), length: response.producerIdLen };
  };
  const producerIds = new ProducerIdAllocator(blockSource, logger);
  const forwardElectLeaders: HandlerDeps['forwardElectLeaders'] = async (req) =>
    (await controllers.send({ request: ElectLeadersRequest, response: ElectLeadersResponse }, 2, { ...req, electionType: req.electionType ?? 0, topicPartitions: req.topicPartitions ? req.topicPartitions.map((t) => ({ topic: t.topic, partitions: [...t.partitions] })) : null }, (r) => r.errorCode === ErrorCode.NOT_CONTROLLER, Date.now() + Math.min(Math.max(req.timeoutMs, 1000), config.controllerRequestTimeoutMs))).response;
  const deps: HandlerDeps = { config, metadata, replicas, producerIds, groups, clock: systemClock, logger, isr, forwardElectLeaders };
  const dispatcher = new Dispatcher(buildHandlers(deps), logger);
  const server = new KafkaServer(dispatcher, {
    maxFrameBytes: config.socketRequestMaxBytes,
    maxQueuedRequests: config.maxQueuedRequestsPerConnection,
    maxQueuedBytes: config.maxQueuedBytesPerConnection,
  }, logger);
  const admin = config.adminPort >= 0 ? new AdminHttpServer(logger) : null;
  admin?.route('GET', '/health', () => brokerHealth({ config, clusterId: meta.clusterId, follower, lifecycle, metadata, replicas }));
  if (admin) routeGroups(admin, groups, replicas);
  const adminPort = admin ? await admin.listen(config.adminHost, config.adminPort) : -1;
  const timers = [
    setInterval(() => replicas.runRetention(), config.logRetentionCheckIntervalMs),
    setInterval(() => replicas.runMaintenance(), 200),
  ];
  // As Kafka's BrokerServer: clients are let in only once the controller has unfenced this broker
  // (caught up with the log), so nobody is told about topics this broker has not replayed yet, and
  // topics created right after a start find this broker among the placeable ones. The heartbeat
  // answer can arrive before this broker has replayed its own UnfenceBroker record: wait for both,
  // or Metadata would name no live broker (kafkajs: "Broker 1 not found in the cached metadata").
  const selfLive = () => metadata.brokers().some((b) => b.nodeId === config.nodeId);
  await waitUntil(() => lifecycle.state === 'unfenced' && selfLive(), (s) => logger.warn({ waitedSeconds: s, state: lifecycle.state }, 'still waiting for the controller to unfence this broker'));
  const port = await server.listen(config.host, config.port);
  hooks.onReady?.({ nodeId: config.nodeId, kafka: `${config.advertisedHost}:${advertisedPort}`, url: adminPort >= 0 ? `http://${config.adminHost}:${adminPort}` : '' });
  logger.info({ nodeId: config.nodeId, port, adminPort, clusterId: meta.clusterId, dataDir: config.dataDir, voters: config.controllerQuorumVoters }, 'broker started');
  return {
    port,
    adminPort,
    clusterId: meta.clusterId,
    async stop() {
      for (const t of timers) clearInterval(t);
      // Controlled shutdown first: the controller fences us at once instead of after a session timeout.
      await lifecycle.shutDown(3000);
      groups.stop();
      await admin?.close();
      await server.close();
      isr.stop();
      await fetchers.close();
      await follower.stop();
      controllers.close();
      replicas.close();
      logger.info({ nodeId: config.nodeId }, 'broker stopped cleanly');
    },
  };
}

/** Polls a condition without a deadline: the broker waits for its quorum as long as it takes (and says so every 10 s). */
async function waitUntil(condition: () => boolean, stillWaiting: (seconds: number) => void): Promise<void> {
  let waited = 0;
  while (!condition()) {
    await new Promise((r) => setTimeout(r, 20));
    waited += 20;
    if (waited % 10_000 === 0) stillWaiting(waited / 1000);
  }
}
