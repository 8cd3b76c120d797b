import { join } from 'node:path';
import type { ProcessSpec } from '../launcher';

export interface DemoPorts {
  readonly kafka: number;
  /** The one-voter controller's Kafka listener and its HTTP (GET /quorum, /metadata). */
  readonly controller: number;
  readonly controllerHttp: number;
  readonly brokerAdmin: number;
  readonly redis: number;
  readonly order: number;
  readonly billing: number;
  readonly analytics: number;
}

export interface DemoSettings {
  readonly root: string;
  readonly dataDir: string;
  /** Where everything listens: loopback unless DEMO_HOST says otherwise. */
  readonly host: string;
  /** What the broker tells clients to connect to. */
  readonly advertisedHost: string;
  readonly ports: DemoPorts;
  /** Shared by the controller and the broker (kept in the data dir across runs). */
  readonly clusterId: string;
}

/** The demo controller's node id: broker ids must differ from the voters'. */
export const DEMO_CONTROLLER_ID = 1001;

/**
 * The demo's processes: a one-voter controller quorum, one broker following it, one redis-server,
 * the three services. Lower stop tiers stop first (the controller last: the broker's controlled
 * shutdown needs it).
 */
export function demoTopology(s: DemoSettings): { infrastructure: ProcessSpec[]; order: ProcessSpec; consumers: ProcessSpec[] } {
  const node = (rel: string) => join(s.root, rel);
  const p = s.ports;
  const voters = `${DEMO_CONTROLLER_ID}@127.0.0.1:${p.controller}`;
  // Shorter than the production defaults (session 30 s, heartbeat 3 s) so failover is watchable.
  const consumerEnv = { KAFKA_BROKERS: `${s.advertisedHost}:${p.kafka}`, REDIS_URL: `redis://127.0.0.1:${p.redis}`, HOST: s.host, SESSION_TIMEOUT_MS: '10000', HEARTBEAT_INTERVAL_MS: '1000', MAX_WAIT_MS: '500' };
  const service = (name: string, port: number): ProcessSpec => ({ name, command: process.execPath, args: [node(`services/${name}/dist/src/main.js`)], env: { ...consumerEnv, PORT: String(port) }, cwd: s.root, stopTier: 0, watchesLifeline: true });
  return {
    infrastructure: [
      {
        name: 'redis',
        command: 'redis-server',
        // appendfsync always: what the order service's idempotency keys need to survive a host crash (README, guarantees).
        args: ['--port', String(p.redis), '--bind', '127.0.0.1', '--dir', join(s.dataDir, 'redis'), '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--maxmemory', '256mb', '--maxmemory-policy', 'noeviction'],
        stopTier: 1,
        watchesLifeline: false,
      },
      {
        name: 'controller-1',
        command: process.execPath,
        args: [node('services/controller/dist/src/main.js'), '--node-id', String(DEMO_CONTROLLER_ID), '--voters', voters, '--cluster-id', s.clusterId, '--host', '127.0.0.1', '--port', String(p.controller), '--http-host', s.host, '--http-port', String(p.controllerHttp), '--data-dir', join(s.dataDir, 'controller-1')],
        cwd: s.root,
        stopTier: 2,
        watchesLifeline: true,
      },
      {
        name: 'broker-1',
        command: process.execPath,
        args: [node('services/broker/dist/src/main.js'), '--node-id', '1', '--controller-quorum-voters', voters, '--cluster-id', s.clusterId, '--host', s.host, '--port', String(p.kafka), '--advertised-host', s.advertisedHost, '--admin-host', s.host, '--admin-port', String(p.brokerAdmin), '--data-dir', join(s.dataDir, 'broker-1'), '--auto-create-topics', 'true', '--num-partitions', '3'],
        cwd: s.root,
        stopTier: 1,
        watchesLifeline: true,
      },
    ],
    order: service('order', p.order),
    consumers: [service('billing', p.billing), service('analytics', p.analytics)],
  };
}
