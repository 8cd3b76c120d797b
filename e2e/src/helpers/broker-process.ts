import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ControllerProcess } from './controller-process';
import { newClusterId } from './controller-quorum';
import { freePort } from './free-port';
import { BROKER_NODE_FLAGS } from '@orderlab/shared';
import { BROKER_MAIN } from './repo-paths';
import { waitFor } from './wait-for';

/** The one-voter controller's node id (broker ids must differ from voters'). */
export const SINGLE_CONTROLLER_ID = 3000;
/** Test timings: heartbeats every 500 ms, fenced after 3 s of silence (demo 1 s / 6 s; Kafka 2 s / 9 s). */
export const TEST_HEARTBEAT_MS = 500;
export const TEST_SESSION_TIMEOUT_MS = 3000;

export interface BrokerOptions {
  readonly nodeId?: number;
  readonly dataDir?: string;
  readonly port?: number;
  readonly advertisedPort?: number;
  /** Extra CLI flags, e.g. ['--auto-create-topics', 'true']. */
  readonly args?: readonly string[];
  /** Follow this quorum instead of starting a one-voter controller of its own (clusters of several brokers). */
  readonly quorum?: { readonly voters: string; readonly clusterId: string };
}

/**
 * A real broker process started from the compiled JavaScript, on free ports, with a temporary
 * data dir, on the real KRaft path: unless given a quorum, it starts a one-voter controller of
 * its own first (its own temporary data dir, a fresh cluster id) and the broker registers with
 * it; start() resolves once the broker printed its ready line (unfenced). stop/kill/restart act
 * on the broker; dispose() stops the controller with it. Output is kept for assertions.
 */
export class BrokerProcess {
  private child: ChildProcess | null = null;
  private output = '';
  readonly dataDir: string;
  private ownsDataDir: boolean;
  port = 0;
  adminPort = 0;
  /** The one-voter controller this broker follows (null when it follows a given quorum). */
  controller: ControllerProcess | null = null;
  private readonly clusterId: string;
  private voters = '';

  constructor(private readonly options: BrokerOptions = {}) {
    this.ownsDataDir = options.dataDir === undefined;
    this.dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'broker-e2e-'));
    this.clusterId = options.quorum?.clusterId ?? newClusterId();
  }

  get nodeId(): number {
    return this.options.nodeId ?? 1;
  }

  get adminUrl(): string {
    return `http://127.0.0.1:${this.adminPort}`;
  }

  /** GET /health: status code and body. */
  async health(timeoutMs = 2000): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${this.adminUrl}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  get bootstrap(): string {
    return `127.0.0.1:${this.port}`;
  }

  get logs(): string {
    return this.output;
  }

  /** True while the process runs (neither exited nor killed). */
  get alive(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private async ensureController(): Promise<void> {
    if (this.options.quorum) {
      this.voters = this.options.quorum.voters;
      return;
    }
    if (!this.controller) {
      const port = await freePort();
      this.voters = `${SINGLE_CONTROLLER_ID}@127.0.0.1:${port}`;
      this.controller = new ControllerProcess({
        nodeId: SINGLE_CONTROLLER_ID,
        voters: this.voters,
        clusterId: this.clusterId,
        args: ['--broker-session-timeout-ms', String(TEST_SESSION_TIMEOUT_MS), '--log-level', 'warn'],
      });
    }
    if (!this.controller.alive) await this.controller.start();
  }

  async start(): Promise<this> {
    await this.ensureController();
    if (this.port === 0) this.port = this.options.port ?? (await freePort());
    if (this.adminPort === 0) this.adminPort = await freePort();
    const args = [
      ...BROKER_NODE_FLAGS,
      BROKER_MAIN,
      '--node-id', String(this.nodeId),
      '--controller-quorum-voters', this.voters,
      '--cluster-id', this.clusterId,
      '--broker-heartbeat-interval-ms', String(TEST_HEARTBEAT_MS),
      '--data-dir', this.dataDir,
      '--host', '127.0.0.1',
      '--port', String(this.port),
      '--advertised-host', '127.0.0.1',
      '--admin-port', String(this.adminPort),
      ...(this.options.advertisedPort ? ['--advertised-port', String(this.options.advertisedPort)] : []),
      ...(this.options.args ?? []),
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const startedAt = this.output.length;
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    // Ready = unfenced by the controller (a restart after SIGKILL waits for the old session to expire).
    const outcome = await waitFor(
      () => (/\{"ready":true,/.test(this.output.slice(startedAt)) ? 'ready' : child.exitCode !== null || child.signalCode !== null ? 'exited' : undefined),
      { timeoutMs: 30_000, description: `broker ${this.nodeId} on port ${this.port} to be unfenced` },
    );
    // An exit is final: fail at once with its output (a probe that throws would be retried until the deadline).
    if (outcome === 'exited') throw new Error(`broker exited early (${child.exitCode ?? child.signalCode}):\n${this.output.slice(-3000)}`);
    return this;
  }

  /** Send a signal and wait for the process to exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    const code = await exited;
    this.child = null;
    return code;
  }

  /** SIGTERM: the broker's clean shutdown. */
  stop(): Promise<number | null> {
    return this.kill('SIGTERM');
  }

  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  async restart(): Promise<this> {
    await this.kill('SIGKILL');
    return this.start();
  }

  /** Kill the broker and its controller, and delete their data dirs. */
  async dispose(): Promise<void> {
    await this.kill('SIGKILL');
    await this.controller?.dispose();
    if (this.ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export function canConnect(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, host);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
