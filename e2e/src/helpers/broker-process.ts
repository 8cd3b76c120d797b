import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { BROKER_MAIN } from './repo-paths';
import { waitFor } from './wait-for';

export interface BrokerOptions {
  readonly nodeId?: number;
  readonly dataDir?: string;
  readonly port?: number;
  readonly advertisedPort?: number;
  /** Extra CLI flags, e.g. ['--auto-create-topics', 'true']. */
  readonly args?: readonly string[];
}

/**
 * A real broker process started from the compiled JavaScript, on free ports, with a
 * temporary data dir. Its output is kept for assertions (e.g. the reason of a rebalance).
 */
export class BrokerProcess {
  private child: ChildProcess | null = null;
  private output = '';
  readonly dataDir: string;
  private ownsDataDir: boolean;
  port = 0;
  adminPort = 0;

  constructor(private readonly options: BrokerOptions = {}) {
    this.ownsDataDir = options.dataDir === undefined;
    this.dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'broker-e2e-'));
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

  async start(): Promise<this> {
    if (this.port === 0) this.port = this.options.port ?? (await freePort());
    if (this.adminPort === 0) this.adminPort = await freePort();
    const args = [
      BROKER_MAIN,
      '--node-id', String(this.options.nodeId ?? 1),
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
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    await waitFor(() => (child.exitCode !== null ? Promise.reject(new Error(`broker exited early:\n${this.output}`)) : canConnect(this.port)), {
      timeoutMs: 20_000,
      description: `broker on port ${this.port}`,
    });
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

  /** Kill the process and delete its data dir. */
  async dispose(): Promise<void> {
    await this.kill('SIGKILL');
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
