import { randomBytes } from 'node:crypto';
import { Dispatcher, KafkaServer, type AnyHandler } from '@orderlab/kafka-net';
import { NodeFileSystem } from '@orderlab/log-store';
import { splitRecordBatches } from '@orderlab/metadata';
import { isResponse, majoritySize, type RaftRequest } from '@orderlab/raft';
import type { Logger } from '@orderlab/shared';
import { ActiveController } from './active/active-controller';
import type { ControllerConfig } from './config/controller-config';
import { KAFKA_CONTROL_DEFAULTS, type ControlConfig } from './control';
import { apiVersionsHandler } from './handlers/api-versions';
import { controllerApiHandlers } from './handlers/controller-api-handlers';
import { AdminHttpServer, type Route } from './http/admin-http-server';
import { metadataJson } from './http/metadata-json';
import { quorumJson } from './http/quorum-json';
import { MetadataState } from './metadata/metadata-state';
import { RaftDriver } from './raft/raft-driver';
import { raftTiming } from './raft/raft-timing';
import { FileRaftStorage } from './storage/file-raft-storage';
import { LogBatchCodec } from './storage/log-batch-codec';
import { loadOrCreateMetaProperties } from './storage/meta-properties';
import { describeQuorumHandler } from './transport/describe-quorum';
import { InboundRequests } from './transport/inbound-requests';
import { PeerHealth } from './transport/peer-health';
import { PeerRpc } from './transport/peer-rpc';
import { raftHandlers } from './transport/raft-handlers';
import { RaftOutbound } from './transport/raft-outbound';
import type { Endpoint, WireContext } from './transport/wire/wire-context';

export interface RunningController {
  readonly clusterId: string;
  /** host:port as advertised. */
  readonly kafka: string;
  /** The HTTP endpoint (null when off). */
  readonly url: string | null;
  readonly port: number;
  /** -1 when HTTP is off. */
  readonly httpPort: number;
  stop(): Promise<void>;
}

const CONNECTION_LIMITS = { maxFrameBytes: 100 * 1024 * 1024, maxQueuedRequests: 100, maxQueuedBytes: 64 * 1024 * 1024 };
const PERIODIC_WORK_MS = 100;

function controlConfigOf(c: ControllerConfig, clusterId: string): ControlConfig {
  return {
    ...KAFKA_CONTROL_DEFAULTS,
    clusterId,
    sessionTimeoutMs: c.brokerSessionTimeoutMs,
    disconnectGraceMs: c.brokerDisconnectGraceMs,
    defaultPartitions: c.defaultPartitions,
    defaultReplicationFactor: c.defaultReplicationFactor,
    initialIsr: c.initialIsr,
    autoLeaderRebalanceEnable: c.autoLeaderRebalanceEnable,
    leaderImbalanceCheckIntervalMs: c.leaderImbalanceCheckIntervalMs,
  };
}

/** The composition root: storage, the Raft driver, the wire (both ends), the active controller, HTTP. */
export async function startController(config: ControllerConfig, logger: Logger, onFatal: (err: unknown) => void): Promise<RunningController> {
  const fs = new NodeFileSystem();
  const meta = loadOrCreateMetaProperties(fs, config.dataDir, config.nodeId, config.clusterId, config.voters.length);
  const voterIds = config.voters.map((v) => v.nodeId);
  const endpoints = new Map<number, Endpoint>(config.voters.map((v) => [v.nodeId, { host: v.nodeId === config.nodeId ? config.advertisedHost : v.host, port: v.port }]));
  const peers = new Map([...endpoints].filter(([id]) => id !== config.nodeId));
  const codec = new LogBatchCodec(Date.now);
  const storage = new FileRaftStorage({ fs, dataDir: config.dataDir, voters: voterIds, segmentBytes: config.metadataLogSegmentBytes, codec, clock: { now: Date.now }, logger });
  const state = new MetadataState({ maxNewRecords: config.snapshotMaxNewRecords, maxNewBytes: config.snapshotMaxNewBytes }, logger);
  const foreignClusters = new Set<string>();
  const ctx: WireContext = {
    nodeId: config.nodeId,
    clusterId: meta.clusterId,
    endpointOf: (id) => endpoints.get(id),
    encodeBatches: (batches) => Buffer.concat(batches.map((b) => codec.encode(b))),
    // Copied: a stored batch must not pin the whole network frame it arrived in.
    decodeBatches: (bytes) => splitRecordBatches(bytes).map((b) => codec.decode(Buffer.from(b))),
    onForeignCluster: (other) => {
      if (foreignClusters.has(other)) return;
      foreignClusters.add(other);
      logger.error({ clusterId: meta.clusterId, other }, 'refusing Raft requests of another cluster (INCONSISTENT_CLUSTER_ID): every voter needs the same --cluster-id');
    },
  };
  const inbound = new InboundRequests();
  const health = new PeerHealth([...peers.keys()], Date.now);
  const control = new PeerRpc(peers, `controller-${config.nodeId}`, config.requestTimeoutMs, logger);
  const replication = new PeerRpc(peers, `controller-${config.nodeId}-fetcher`, config.requestTimeoutMs, logger);
  // The driver's hooks reach parts built after it (they need the driver themselves).
  const late: { outbound?: RaftOutbound; active?: ActiveController } = {};
  const driver = new RaftDriver(
    { nodeId: config.nodeId, voters: voterIds, storage, state, timing: raftTiming(config), tickMs: config.raftTickMs, random: Math.random, now: Date.now, logger },
    {
      send: (m) => (isResponse(m) ? inbound.deliver(m) : late.outbound?.send(m)),
      onApplied: (batch) => late.active?.onApplied(batch),
      afterReady: () => late.active?.afterReady(),
      fatal: onFatal,
    },
  );
  late.outbound = new RaftOutbound({ control, replication, ctx, tickMs: config.raftTickMs, requestTimeoutMs: config.requestTimeoutMs, deliver: (r) => driver.step(r), health, logger });
  const quorumProblem = (): string => {
    const s = driver.status();
    const need = `${majoritySize(voterIds.length)} of ${voterIds.length} voters`;
    if (s.role === 'leader') {
      const behind = s.voters.filter((v) => v.replicaId !== config.nodeId && (v.lastFetchTick < 0 || (s.tick - v.lastFetchTick) * config.raftTickMs > config.fetchTimeoutMs));
      return `no quorum: the records were not committed in time — ${need} must hold them, but controller(s) ${behind.map((v) => v.replicaId).join(', ') || '(none)'} have not fetched from the leader (${config.nodeId}) for over ${config.fetchTimeoutMs} ms`;
    }
    const silent = health.silent(config.fetchTimeoutMs);
    return `no quorum: no active controller is known (controller ${config.nodeId} is ${s.role} in epoch ${s.epoch}); ${need} are needed, and controller(s) ${silent.map((p) => `${p.nodeId} (${p.reason})`).join(', ') || '(none)'} do not answer`;
  };
  const active = new ActiveController({
    nodeId: config.nodeId,
    driver,
    state,
    controlConfig: controlConfigOf(config, meta.clusterId),
    requestTimeoutMs: config.controllerRequestTimeoutMs,
    periodicIntervalMs: PERIODIC_WORK_MS,
    random: Math.random,
    newUuid: () => randomBytes(16),
    now: Date.now,
    quorumProblem,
    reachable: (id) => health.recent(id, config.fetchTimeoutMs),
    logger,
  });
  late.active = active;
  const raftEndpoint = { step: (m: RaftRequest) => driver.step(m), get epoch() { return driver.raft.epoch; }, get leaderId() { return driver.raft.leaderId; } };
  const handlers: AnyHandler[] = [
    ...raftHandlers({ raft: raftEndpoint, inbound, ctx, tickMs: config.raftTickMs, answerTimeoutMs: config.requestTimeoutMs, heardFrom: (id) => health.ok(id), logger }),
    describeQuorumHandler({ status: () => driver.status(), tickToWallMs: (t) => driver.tickToWallMs(t), voters: endpoints }) as unknown as AnyHandler,
    ...controllerApiHandlers({ controller: active, logger }),
  ];
  handlers.push(apiVersionsHandler(() => handlers.map((h) => ({ apiKey: h.request.apiKey, minVersion: h.minVersion, maxVersion: h.maxVersion })).sort((a, b) => a.apiKey - b.apiKey)) as unknown as AnyHandler);
  const server = new KafkaServer(new Dispatcher(handlers, logger), CONNECTION_LIMITS, logger);
  server.onConnectionClosed((id) => active.connectionClosed(id));
  const port = await server.listen(config.host, config.port);
  const activeController = active;
  const http = config.httpPort >= 0 ? new AdminHttpServer(adminRoutes(), logger) : undefined;
  const httpPort = http ? await http.listen(config.httpHost, config.httpPort) : -1;
  driver.start();
  logger.info({ nodeId: config.nodeId, clusterId: meta.clusterId, kafka: `${config.advertisedHost}:${port}`, url: http ? `http://${config.httpHost}:${httpPort}` : null, voters: voterIds }, 'controller ready');

  function adminRoutes() {
    const quorumSource = {
      status: () => driver.status(),
      tickMs: config.raftTickMs,
      tickToWallMs: (t: number) => driver.tickToWallMs(t),
      voterIds,
      get active() {
        return activeController.isActive;
      },
      get snapshot() {
        return storage.snapshot();
      },
    };
    return new Map<string, Route>([
      ['/quorum', () => ({ status: 200, body: quorumJson(quorumSource) })],
      ['/metadata', () => ({ status: 200, body: metadataJson(state.image, state.appliedEnd) })],
      ['/health', () => healthJson()],
    ]);
  }

  function healthJson() {
    const s = driver.status();
    const base = { nodeId: s.nodeId, role: s.role, epoch: s.epoch, leaderId: s.leaderId, activeController: activeController.isActive, appliedOffset: state.appliedEnd };
    if (state.broken) return { status: 503, body: { status: 'broken', ...base, reason: `metadata replay failed at offset ${state.broken.offset}: ${state.broken.reason}` } };
    // A follower keeps naming a leader that died until its fetch timeout (and after a failed pre-vote): not healthy either.
    const liveLeader = s.leaderId === config.nodeId || (s.leaderId >= 0 && health.recent(s.leaderId, config.fetchTimeoutMs));
    if (!liveLeader) return { status: 503, body: { status: 'no-leader', ...base, reason: quorumProblem() } };
    return { status: 200, body: { status: 'ok', ...base } };
  }

  return {
    clusterId: meta.clusterId,
    kafka: `${config.advertisedHost}:${port}`,
    url: http ? `http://${config.httpHost}:${httpPort}` : null,
    port,
    httpPort,
    async stop() {
      driver.stop();
      activeController.stop();
      inbound.close();
      control.close();
      replication.close();
      await server.close();
      if (http) await http.close();
      storage.close();
    },
  };
}
