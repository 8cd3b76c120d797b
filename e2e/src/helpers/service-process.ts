import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { BUG_EXIT_CODE, BUG_MARKER } from '@orderlab/runtime';
import { freePort } from './free-port';
import { REPO_ROOT } from './repo-paths';
import { waitFor } from './wait-for';

export type ServiceName = 'order' | 'billing' | 'analytics';

/**
 * One of the Nest services as a real process, from its compiled JavaScript. With
 * `supervise()`, a process that dies by SIGKILL (a crash point) is started again, as a
 * process supervisor (systemd, Kubernetes) would; `restarts` counts them.
 */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  private supervising = false;
  private stopped = false;
  output = '';
  restarts = 0;
  port = 0;
  /** Exit codes of every run that ended (null: killed by a signal). */
  readonly exits: Array<number | null> = [];

  constructor(
    readonly service: ServiceName,
    private readonly env: Record<string, string>,
    readonly name: string = service,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get alive(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Start and wait until /health says 200. */
  async start(): Promise<this> {
    await this.startListening();
    await this.waitHealthy(60_000);
    return this;
  }

  /** Start and wait only until it answers HTTP (its /health may well say 503: a dependency is down). */
  async startListening(): Promise<this> {
    if (this.port === 0) this.port = await freePort();
    this.stopped = false;
    this.spawnChild();
    await waitFor(
      async () => {
        this.assertRunning();
        return (await fetch(`${this.url}/health`).catch(() => null)) !== null;
      },
      { timeoutMs: 60_000, intervalMs: 200, description: `${this.name} listening` },
    );
    return this;
  }

  /** Restart after every SIGKILL until stop(). */
  supervise(): this {
    this.supervising = true;
    return this;
  }

  async waitHealthy(timeoutMs: number): Promise<void> {
    await waitFor(
      async () => {
        this.assertRunning();
        const res = await fetch(`${this.url}/health`).catch(() => null);
        return res?.status === 200;
      },
      { timeoutMs, intervalMs: 200, description: `${this.name} healthy` },
    );
  }

  /** GET /health whatever its status: {status, body}. */
  async health(): Promise<{ status: number; body: { status: string; info?: Record<string, Record<string, unknown>>; error?: Record<string, Record<string, unknown>>; details: Record<string, Record<string, unknown>> } }> {
    const res = await fetch(`${this.url}/health`);
    return { status: res.status, body: (await res.json()) as never };
  }

  async getJson<T>(path: string): Promise<T> {
    const res = await fetch(`${this.url}${path}`);
    if (!res.ok) throw new Error(`GET ${path} on ${this.name}: ${res.status}`);
    return (await res.json()) as T;
  }

  /** Lines where the process reported a bug (an unhandled rejection, an uncaught exception), and runs that ended with the bug exit code. */
  bugs(): string[] {
    const lines = this.output.split('\n').filter((l) => l.includes(BUG_MARKER));
    return [...lines, ...this.exits.filter((c) => c === BUG_EXIT_CODE).map((c) => `exited with ${c}`)];
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill(signal);
    return exited;
  }

  /** Graceful stop (SIGTERM: the service leaves its group and flushes). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.kill('SIGTERM');
  }

  private assertRunning(): void {
    if (this.child?.exitCode !== null && this.child?.exitCode !== undefined) throw new Error(`${this.name} exited with ${this.child.exitCode}: ${this.output.slice(-2000)}`);
  }

  private spawnChild(): void {
    const script = join(REPO_ROOT, 'services', this.service, 'dist', 'src', 'main.js');
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...this.env, PORT: String(this.port), HOST: '127.0.0.1', INSTANCE_NAME: this.name, LOG_LEVEL: 'warn' } });
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.on('exit', (code, signal) => {
      this.exits.push(code);
      if (this.stopped || !this.supervising || signal !== 'SIGKILL') return;
      this.restarts++;
      this.spawnChild();
    });
  }
}
