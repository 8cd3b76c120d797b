import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BROKER_NODE_FLAGS, brokerArgs, parseReadyLine, type ClusterLayout, type ClusterNode } from '@orderlab/shared';
import { BROKER_MAIN } from './repo-paths';
import { waitFor } from './wait-for';

/**
 * Where one broker runs, for tests that put brokers in network namespaces: the address it binds
 * and advertises (default 127.0.0.1), and a command its node process is started under (e.g.
 * `ip netns exec ns1`, which execs node itself, so signals still reach the broker).
 */
export interface BrokerPlacement {
  readonly host?: string;
  readonly commandPrefix?: readonly string[];
}

/**
 * One real broker of a quorum-backed cluster (compiled JS), started with the cluster layout's
 * flags (libs/shared, the same as `npm run cluster`): it is ready once it prints its ready line
 * (registered with the active controller and unfenced). Kill with any signal, pause / resume,
 * restart on the same ports and data. Output is kept for assertions and failure messages.
 */
export class ClusterBrokerProcess {
  private child: ChildProcess | null = null;
  private output = '';
  readonly dataDir: string;
  /** Learnt from the first ready line and kept across restarts, so `url` stays valid. */
  httpPort: number;
  paused = false;

  constructor(
    private readonly layout: ClusterLayout,
    readonly node: ClusterNode,
    private readonly clusterId: string,
    private readonly extraArgs: readonly string[] = [],
    private readonly placement: BrokerPlacement = {},
  ) {
    this.dataDir = mkdtempSync(join(tmpdir(), `cluster-${node.name}-`));
    this.httpPort = node.httpPort;
  }

  get nodeId(): number {
    return this.node.nodeId;
  }

  get port(): number {
    return this.node.port;
  }

  /** The address the broker binds and advertises (Kafka and admin HTTP). */
  get host(): string {
    return this.placement.host ?? '127.0.0.1';
  }

  get bootstrap(): string {
    return `${this.host}:${this.node.port}`;
  }

  get url(): string {
    return `http://${this.host}:${this.httpPort}`;
  }

  get logs(): string {
    return this.output;
  }

  get alive(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process and waits for its ready line (registered and unfenced). */
  async start(timeoutMs = 30_000): Promise<this> {
    const args = brokerArgs(this.layout, { ...this.node, httpPort: this.httpPort }, { clusterId: this.clusterId, dataDir: this.dataDir, host: this.host, advertisedHost: this.host, extra: this.extraArgs });
    const [command, ...prefix] = [...(this.placement.commandPrefix ?? []), process.execPath];
    const child = spawn(command!, [...prefix, ...BROKER_NODE_FLAGS, BROKER_MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.paused = false;
    const startedAt = this.output.length;
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    const ready = await waitFor(
      () => {
        for (const line of this.output.slice(startedAt).split('\n')) {
          const r = parseReadyLine(line);
          if (r) return r;
        }
        return child.exitCode !== null || child.signalCode !== null ? 'exited' : undefined;
      },
      { timeoutMs, description: `broker ${this.nodeId} to be registered and unfenced (its ready line)` },
    );
    if (ready === 'exited') throw new Error(`broker ${this.nodeId} exited early:\n${this.output.slice(-2000)}`);
    this.httpPort = Number(new URL(ready.url).port);
    return this;
  }

  /** Sends `signal` and waits for the exit (a paused process is resumed first so it can die). */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (signal === 'SIGKILL' || signal === 'SIGTERM') child.kill('SIGCONT');
    child.kill(signal);
    await exited;
    this.child = null;
    this.paused = false;
  }

  pause(): void {
    this.child?.kill('SIGSTOP');
    this.paused = true;
  }

  resume(): void {
    this.child?.kill('SIGCONT');
    this.paused = false;
  }

  async restart(): Promise<this> {
    await this.kill('SIGKILL');
    return this.start();
  }

  async health(timeoutMs = 2000): Promise<Record<string, unknown>> {
    const res = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    return (await res.json()) as Record<string, unknown>;
  }

  async dispose(): Promise<void> {
    await this.kill('SIGKILL');
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
