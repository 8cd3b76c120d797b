import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { BROKER_NODE_FLAGS, brokerArgs, clusterLayout, controllerArgs, fixedPorts, type ClusterLayout, type ClusterNode } from '@orderlab/shared';
import type { ProcessSpec } from '../launcher';

export interface ClusterOptions {
  readonly root: string;
  readonly controllers: number;
  readonly brokers: number;
  readonly dataDir: string;
  /** 9092 = the fixed layout; 0 = free ports for everything (tests). */
  readonly basePort: number;
  /** Bind address of every listener. */
  readonly host: string;
  /** What brokers advertise to clients (and the bootstrap list names). */
  readonly advertisedHost: string;
  /** Given, or read from DATA_DIR/cluster-id, or generated once and kept there. */
  readonly clusterId?: string;
  readonly brokerFlags?: readonly string[];
  readonly controllerFlags?: readonly string[];
  /** Brokers stop in this tier, controllers in the next (the demo's services stop before both). */
  readonly brokerStopTier?: number;
}

/** Everything needed to start (and restart) each node: its spec and its place in the layout. */
export interface ClusterPlan {
  readonly clusterId: string;
  readonly layout: ClusterLayout;
  /** `spec(httpPort)`: a restart passes the HTTP port the node got the first time (with --base-port 0), so its URL stays. */
  readonly nodes: ReadonlyArray<{ readonly node: ClusterNode; readonly spec: (httpPort?: number) => Omit<ProcessSpec, 'onStdoutLine'> }>;
}

/** A Kafka cluster id (16 random bytes, URL-safe base64, as `kafka-storage random-uuid`). */
export const newClusterId = (): string => randomBytes(16).toString('base64url');

/**
 * The cluster id lives in DATA_DIR/cluster-id: generated on the first start, the same on every
 * later one — every voter's and broker's meta.properties hold it, and they refuse another.
 */
export function clusterIdFor(dataDir: string, given: string | undefined): string {
  const file = join(dataDir, 'cluster-id');
  const kept = existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
  if (given && kept && given !== kept) throw new Error(`${file} says cluster ${kept}, but --cluster-id is ${given}: use another --data-dir, or drop --cluster-id`);
  const id = given ?? kept ?? newClusterId();
  if (!kept) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${id}\n`);
  }
  return id;
}

/** The controllers reach each other on the bind address, or on loopback when that is every interface. */
export const voterHostFor = (host: string): string => (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);

export async function planCluster(o: ClusterOptions): Promise<ClusterPlan> {
  const clusterId = clusterIdFor(o.dataDir, o.clusterId);
  const ports = o.basePort === 0 ? await freeLayoutPorts(o.controllers, o.brokers) : fixedPorts(o.basePort, o.controllers, o.brokers);
  const voterHost = voterHostFor(o.host);
  const layout = clusterLayout({ controllers: o.controllers, brokers: o.brokers, voterHost, advertisedHost: o.advertisedHost }, ports);
  const main = (service: string) => join(o.root, 'services', service, 'dist', 'src', 'main.js');
  const spec = (node: ClusterNode, args: string[]): Omit<ProcessSpec, 'onStdoutLine'> => ({
    name: node.name,
    command: process.execPath,
    args: [...(node.role === 'broker' ? BROKER_NODE_FLAGS : []), main(node.role), ...args],
    cwd: o.root,
    // Brokers stop first: a broker's controlled shutdown needs an active controller.
    stopTier: (o.brokerStopTier ?? 0) + (node.role === 'broker' ? 0 : 1),
    watchesLifeline: true,
  });
  const dir = (node: ClusterNode) => join(o.dataDir, node.name);
  return {
    clusterId,
    layout,
    nodes: [
      ...layout.controllers.map((node) => ({ node, spec: (httpPort = node.httpPort) => spec(node, controllerArgs(layout, { ...node, httpPort }, { clusterId, dataDir: dir(node), host: o.host, advertisedHost: voterHost, extra: o.controllerFlags })) })),
      ...layout.brokers.map((node) => ({ node, spec: (httpPort = node.httpPort) => spec(node, brokerArgs(layout, { ...node, httpPort }, { clusterId, dataDir: dir(node), host: o.host, advertisedHost: o.advertisedHost, extra: o.brokerFlags })) })),
    ],
  };
}

/**
 * Kafka ports must be known before anyone starts (the voters string names them). HTTP ports are
 * picked too: a node binding port 0 while the others start could be handed a port just picked
 * for another node's Kafka listener.
 */
async function freeLayoutPorts(controllers: number, brokers: number): Promise<{ controllerPorts: number[]; controllerHttpPorts: number[]; brokerPorts: number[]; brokerHttpPorts: number[] }> {
  const taken = new Set<number>();
  const pick = async (n: number): Promise<number[]> => {
    const out: number[] = [];
    while (out.length < n) {
      const p = await freePort();
      if (!taken.has(p)) {
        taken.add(p);
        out.push(p);
      }
    }
    return out;
  };
  return { controllerPorts: await pick(controllers), controllerHttpPorts: await pick(controllers), brokerPorts: await pick(brokers), brokerHttpPorts: await pick(brokers) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}
