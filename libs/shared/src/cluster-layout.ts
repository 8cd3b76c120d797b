/**
 * Where the nodes of a local KRaft-style cluster live: ids, ports and the command-line flags
 * of each controller and broker process. One definition shared by `npm run cluster` (tools/cli)
 * and the e2e ClusterProcess helper, which must not import tools: both start the same
 * processes with the same flags, so a test exercises exactly what a reader runs. Pure.
 *
 * The fixed layout (`--base-port 9092`, the default): brokers have ids 1, 2, … with Kafka ports
 * 9092 + 3·i (leaving +1 and +2 for the TLS and SASL listeners of later issues, the layout Kafka
 * client test suites expect) and HTTP 9644 + i; controllers have ids 1001, 1002, … with Kafka
 * ports 9192 + j and HTTP 9744 + j. Another base port shifts all four ranges by the same amount.
 */

export const FIRST_BROKER_ID = 1;
export const FIRST_CONTROLLER_ID = 1001;
export const DEFAULT_BASE_PORT = 9092;
/** Ports between one broker's Kafka listener and the next (plain, TLS, SASL). */
export const BROKER_PORT_STRIDE = 3;

export interface ClusterNode {
  readonly role: 'controller' | 'broker';
  readonly nodeId: number;
  /** Launcher and log prefix name: `controller-1001`, `broker-1`. */
  readonly name: string;
  /** Kafka listener port. */
  readonly port: number;
  /** HTTP port (controllers: /quorum, /metadata, /health; brokers: the admin API); 0 = a free one, learnt from the ready line. */
  readonly httpPort: number;
}

export interface ClusterLayout {
  readonly controllers: readonly ClusterNode[];
  readonly brokers: readonly ClusterNode[];
  /** Kafka's controller.quorum.voters: `1001@host:9192,…`, for controllers and brokers alike. */
  readonly voters: string;
  /** What clients are given: every broker's advertised endpoint. */
  readonly bootstrap: string;
}

export interface LayoutOptions {
  readonly controllers: number;
  readonly brokers: number;
  /** The host controllers reach each other (and brokers reach them) on. */
  readonly voterHost: string;
  /** The host brokers advertise to clients. */
  readonly advertisedHost: string;
}

/** Ports of the fixed layout for a base port (see the module comment). */
export function fixedPorts(basePort: number, controllers: number, brokers: number): { controllerPorts: number[]; controllerHttpPorts: number[]; brokerPorts: number[]; brokerHttpPorts: number[] } {
  const shift = basePort - DEFAULT_BASE_PORT;
  const range = (n: number, first: number, step = 1) => Array.from({ length: n }, (_, i) => first + shift + step * i);
  return {
    controllerPorts: range(controllers, 9192),
    controllerHttpPorts: range(controllers, 9744),
    brokerPorts: range(brokers, 9092, BROKER_PORT_STRIDE),
    brokerHttpPorts: range(brokers, 9644),
  };
}

/**
 * The layout from explicit ports (fixed ones, or free ones a test picked). HTTP ports may be 0;
 * Kafka ports may not: the voters string and the advertised endpoints name them up front.
 */
export function clusterLayout(o: LayoutOptions, ports: { controllerPorts: readonly number[]; controllerHttpPorts: readonly number[]; brokerPorts: readonly number[]; brokerHttpPorts: readonly number[] }): ClusterLayout {
  if (o.controllers !== 1 && o.controllers !== 3 && o.controllers !== 5) throw new Error(`a quorum has 1, 3 or 5 controllers, not ${o.controllers}`);
  if (!Number.isInteger(o.brokers) || o.brokers < 0) throw new Error(`--brokers must be 0 or more, not ${o.brokers}`);
  const node = (role: ClusterNode['role'], nodeId: number, port: number | undefined, httpPort: number | undefined): ClusterNode => {
    if (port === undefined || !(port > 0)) throw new Error(`${role} ${nodeId} needs a Kafka port`);
    return { role, nodeId, name: `${role}-${nodeId}`, port, httpPort: httpPort ?? 0 };
  };
  const controllers = Array.from({ length: o.controllers }, (_, j) => node('controller', FIRST_CONTROLLER_ID + j, ports.controllerPorts[j], ports.controllerHttpPorts[j]));
  const brokers = Array.from({ length: o.brokers }, (_, i) => node('broker', FIRST_BROKER_ID + i, ports.brokerPorts[i], ports.brokerHttpPorts[i]));
  return {
    controllers,
    brokers,
    voters: controllers.map((c) => `${c.nodeId}@${o.voterHost}:${c.port}`).join(','),
    bootstrap: brokers.map((b) => `${o.advertisedHost}:${b.port}`).join(','),
  };
}

export interface NodeArgsOptions {
  readonly clusterId: string;
  readonly dataDir: string;
  /** Bind address of the Kafka and HTTP listeners. */
  readonly host: string;
  readonly advertisedHost: string;
  /** Extra flags appended as they are (e.g. `--auto-create-topics true`). */
  readonly extra?: readonly string[];
}

/** The flags of services/controller/dist/src/main.js for one controller (see services/controller/README.md). */
export function controllerArgs(layout: ClusterLayout, c: ClusterNode, o: NodeArgsOptions): string[] {
  return [
    '--node-id', String(c.nodeId),
    '--voters', layout.voters,
    '--cluster-id', o.clusterId,
    '--data-dir', o.dataDir,
    '--host', o.host,
    '--port', String(c.port),
    '--advertised-host', o.advertisedHost,
    '--http-host', o.host,
    '--http-port', String(c.httpPort),
    ...(o.extra ?? []),
  ];
}

/**
 * Node's own flags for a broker process (before main.js), as Kafka's start script sets the JVM
 * heap. A broker's old generation holds little (~10 MB), so V8's default limit sits close to it
 * and the record buffers a broker keeps for a few milliseconds (awaiting acks=all, the recent
 * appends followers read) start a full mark-compact every ~50 ms under load: 15–20 a second,
 * 17% of a broker's time at 800 k records/s. A 64 MB initial old space makes them rare (13 in
 * a bench:replication ingest run instead of 130). docker-compose.yml repeats these (a test checks).
 */
export const BROKER_NODE_FLAGS: readonly string[] = ['--initial-old-space-size=64'];

/** The flags of services/broker/dist/src/main.js for one broker that joins the quorum. */
export function brokerArgs(layout: ClusterLayout, b: ClusterNode, o: NodeArgsOptions): string[] {
  return [
    '--node-id', String(b.nodeId),
    '--cluster-id', o.clusterId,
    '--controller-quorum-voters', layout.voters,
    '--data-dir', o.dataDir,
    '--host', o.host,
    '--port', String(b.port),
    '--advertised-host', o.advertisedHost,
    '--admin-host', o.host,
    '--admin-port', String(b.httpPort),
    // Everything replicated (Kafka's default.replication.factor and min.insync.replicas for a
    // 3-broker cluster): topics created with -1 (the services, auto-creation) get rf min(3, brokers)
    // and acks=all needs 2 in sync once there are 3. `extra` comes last and may override.
    '--default-replication-factor', String(Math.max(1, Math.min(3, layout.brokers.length))),
    '--min-insync-replicas', String(layout.brokers.length >= 3 ? 2 : 1),
    ...(o.extra ?? []),
  ];
}

/** What every node prints on stdout once it is ready (controllers: listening; brokers: registered and unfenced). */
export interface ReadyLine {
  readonly ready: true;
  readonly nodeId: number;
  readonly kafka: string;
  readonly url: string;
}

/** The node's ready line, if `line` is one. */
export function parseReadyLine(line: string): ReadyLine | undefined {
  const text = line.trim();
  if (!text.startsWith('{"ready":true')) return undefined;
  try {
    const v = JSON.parse(text) as Partial<ReadyLine>;
    return v.ready === true && typeof v.nodeId === 'number' && typeof v.kafka === 'string' && typeof v.url === 'string' ? (v as ReadyLine) : undefined;
  } catch {
    return undefined;
  }
}
