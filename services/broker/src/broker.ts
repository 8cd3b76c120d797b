import { join } from 'node:path';
import type { Clock, Logger } from '@orderlab/shared';
import type { LogStore } from '@orderlab/log-store';
import { AdminHttpServer } from './admin/admin-http-server';
import { routeGroups } from './admin/group-routes';
import { LocalClusterMetadata } from './cluster/local-cluster-metadata';
import { GroupService } from './coordination/group-service';
import type { ClusterMetadata } from './cluster/cluster-metadata';
import type { BrokerConfig } from './config/broker-config';
import { buildHandlers } from './handlers/handler-list';
import type { HandlerDeps } from './handlers/handler-deps';
import { ReplicaManager } from './partitions/replica-manager';
import { ProducerIdAllocator } from './producers/producer-id-allocator';
import { Dispatcher, KafkaServer } from '@orderlab/kafka-net';
import { openLogStore } from './storage/open-log-store';
import { loadOrCreateMetaProperties } from './storage/meta-properties';

export interface RunningBroker {
  readonly port: number;
  readonly adminPort: number;
  readonly clusterId: string;
  stop(): Promise<void>;
}

const systemClock: Clock = { now: () => Date.now() };

/** Composition root of one broker process: storage, metadata, partitions, handlers, listeners, timers. */
export async function startBroker(config: BrokerConfig, logger: Logger): Promise<RunningBroker> {
  const meta = loadOrCreateMetaProperties(config.dataDir, config.nodeId);
  const store: LogStore = openLogStore(join(config.dataDir, 'logs'), systemClock, logger, config.producerIdExpirationMs);
  logger.info({ cleanStart: store.cleanStart }, store.cleanStart ? 'clean start: log recovery skipped' : 'unclean start: recovered active segments (each partition re-validates what follows its recovery point)');
  const metadata: ClusterMetadata = new LocalClusterMetadata(meta.clusterId, config, {
    nodeId: config.nodeId,
    host: config.advertisedHost,
    port: config.advertisedPort >= 0 ? config.advertisedPort : config.port,
    rack: null,
  });
  const replicas = new ReplicaManager(metadata, store, config, logger);
  replicas.start();
  const groups = new GroupService(metadata, replicas, config, systemClock, logger);
  groups.start();
  const deps: HandlerDeps = { config, metadata, replicas, producerIds: new ProducerIdAllocator(config.dataDir), groups, clock: systemClock, logger };
  const dispatcher = new Dispatcher(buildHandlers(deps), logger);
  const server = new KafkaServer(dispatcher, {
    maxFrameBytes: config.socketRequestMaxBytes,
    maxQueuedRequests: config.maxQueuedRequestsPerConnection,
    maxQueuedBytes: config.maxQueuedBytesPerConnection,
  }, logger);
  const port = await server.listen(config.host, config.port);
  const admin = config.adminPort >= 0 ? new AdminHttpServer(logger) : null;
  admin?.route('GET', '/health', () => {
    const offlinePartitions = replicas.offlinePartitions();
    const status = offlinePartitions.length === 0 ? 'ok' : 'degraded';
    return { status: status === 'ok' ? 200 : 503, body: { status, nodeId: config.nodeId, clusterId: meta.clusterId, topics: metadata.topics().length, offlinePartitions } };
  });
  if (admin) routeGroups(admin, groups, replicas);
  const adminPort = admin ? await admin.listen(config.adminHost, config.adminPort) : -1;
  const timers = [
    setInterval(() => replicas.runRetention(), config.logRetentionCheckIntervalMs),
    setInterval(() => replicas.runMaintenance(), 200),
  ];
  logger.info({ nodeId: config.nodeId, port, adminPort, clusterId: meta.clusterId, dataDir: config.dataDir }, 'broker started');
  return {
    port,
    adminPort,
    clusterId: meta.clusterId,
    async stop() {
      for (const t of timers) clearInterval(t);
      groups.stop();
      await admin?.close();
      await server.close();
      replicas.close();
      logger.info({ nodeId: config.nodeId }, 'broker stopped cleanly');
    },
  };
}
