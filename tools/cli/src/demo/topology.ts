import { join } from 'node:path';
import type { ProcessSpec } from '../launcher';

export interface DemoPorts {
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
  /** Every broker's advertised endpoint, comma-separated: the services' KAFKA_BROKERS. */
  readonly bootstrap: string;
  readonly ports: DemoPorts;
}

/** Flags of every demo broker: topics appear on first use, with 3 partitions. */
export const DEMO_BROKER_FLAGS = ['--auto-create-topics', 'true', '--num-partitions', '3'];

/**
 * The demo's processes besides the cluster (tools/cli/src/cluster: 3 controllers + 3 brokers):
 * a redis-server and the three services. Services stop first (tier 0), then the brokers and
 * Redis (1), then the controllers (2).
 */
export function demoServices(s: DemoSettings): { redis: ProcessSpec; order: ProcessSpec; consumers: ProcessSpec[] } {
  const node = (rel: string) => join(s.root, rel);
  const p = s.ports;
  // Shorter than the production defaults (session 30 s, heartbeat 3 s) so failover is watchable.
  const consumerEnv = { KAFKA_BROKERS: s.bootstrap, REDIS_URL: `redis://127.0.0.1:${p.redis}`, HOST: s.host, SESSION_TIMEOUT_MS: '10000', HEARTBEAT_INTERVAL_MS: '1000', MAX_WAIT_MS: '500' };
  const service = (name: string, port: number): ProcessSpec => ({ name, command: process.execPath, args: [node(`services/${name}/dist/src/main.js`)], env: { ...consumerEnv, PORT: String(port) }, cwd: s.root, stopTier: 0, watchesLifeline: true });
  return {
    redis: {
      name: 'redis',
      command: 'redis-server',
      // appendfsync always: what the order service's idempotency keys need to survive a host crash (README, guarantees).
      args: ['--port', String(p.redis), '--bind', '127.0.0.1', '--dir', join(s.dataDir, 'redis'), '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--maxmemory', '256mb', '--maxmemory-policy', 'noeviction'],
      stopTier: 1,
      watchesLifeline: false,
    },
    order: service('order', p.order),
    consumers: [service('billing', p.billing), service('analytics', p.analytics)],
  };
}
