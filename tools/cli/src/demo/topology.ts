import { join } from 'node:path';
import type { ProcessSpec } from '../launcher';

export interface DemoPorts {
  readonly kafka: number;
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
}

/** The demo's processes: one broker, one redis-server, the three services. Lower stop tiers stop first. */
export function demoTopology(s: DemoSettings): { infrastructure: ProcessSpec[]; order: ProcessSpec; consumers: ProcessSpec[] } {
  const node = (rel: string) => join(s.root, rel);
  const p = s.ports;
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
        name: 'broker-1',
        command: process.execPath,
        args: [node('services/broker/dist/src/main.js'), '--node-id', '1', '--host', s.host, '--port', String(p.kafka), '--advertised-host', s.advertisedHost, '--admin-host', s.host, '--admin-port', String(p.brokerAdmin), '--data-dir', join(s.dataDir, 'broker-1'), '--auto-create-topics', 'true', '--num-partitions', '3'],
        cwd: s.root,
        stopTier: 1,
        watchesLifeline: true,
      },
    ],
    order: service('order', p.order),
    consumers: [service('billing', p.billing), service('analytics', p.analytics)],
  };
}
