import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTROLLER_MAIN } from './repo-paths';
import { waitFor } from './wait-for';

export interface ControllerOptions {
  readonly nodeId: number;
  /** Kafka's controller.quorum.voters: `1@127.0.0.1:port,2@…`; this node's own entry gives its port. */
  readonly voters: string;
  readonly clusterId: string;
  /** HTTP port (0 = free port, learnt from the "controller ready" line). */
  readonly httpPort?: number;
  readonly dataDir?: string;
  /** Extra CLI flags, e.g. ['--snapshot-max-new-records', '20']. */
  readonly args?: readonly string[];
}

/** The GET /quorum body. */
export interface QuorumJson {
  readonly nodeId: number;
  readonly role: string;
  readonly epoch: number;
  readonly leaderId: number;
  readonly highWatermark: number;
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  readonly appliedOffset: number;
  readonly activeController: boolean;
  readonly snapshot: { endOffset: number; epoch: number } | null;
  readonly voters: ReadonlyArray<{ nodeId: number; logEndOffset: number; lastFetchMs: number; lag: number }>;
  readonly observers: ReadonlyArray<{ nodeId: number; logEndOffset: number; lastFetchMs: number; lag: number }>;
}

/**
 * One real controller process (compiled JS) with its own data dir: start, kill with any signal,
 * pause (SIGSTOP) and resume (SIGCONT), restart on the same ports and data, wipe the data dir.
 * Its output is kept (`logs`) for assertions and failure messages.
 */
export class ControllerProcess {
  private child: ChildProcess | null = null;
  private output = '';
  readonly dataDir: string;
  private readonly ownsDataDir: boolean;
  readonly port: number;
  httpPort: number;

  constructor(private readonly options: ControllerOptions) {
    this.ownsDataDir = options.dataDir === undefined;
    this.dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `controller-${options.nodeId}-`));
    const own = options.voters.split(',').find((v) => v.startsWith(`${options.nodeId}@`));
    if (!own) throw new Error(`voters ${options.voters} do not include node ${options.nodeId}`);
    this.port = Number(own.slice(own.lastIndexOf(':') + 1));
    this.httpPort = options.httpPort ?? 0;
  }

  get nodeId(): number {
    return this.options.nodeId;
  }

  get logs(): string {
    return this.output;
  }

  get url(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  get alive(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<this> {
    const args = [
      CONTROLLER_MAIN,
      '--node-id', String(this.options.nodeId),
      '--voters', this.options.voters,
      '--cluster-id', this.options.clusterId,
      '--data-dir', this.dataDir,
      '--host', '127.0.0.1',
      '--port', String(this.port),
      '--http-port', String(this.httpPort),
      ...(this.options.args ?? []),
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const startedAt = this.output.length;
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    const ready = await waitFor(
      () => {
        const line = /\{"ready":true,[^\n]*"url":"http:\/\/[^"]+:(\d+)"\}/.exec(this.output.slice(startedAt));
        return line ?? (child.exitCode !== null || child.signalCode !== null ? 'exited' : undefined);
      },
      { timeoutMs: 20_000, description: `controller ${this.nodeId} to be ready` },
    );
    if (ready === 'exited') throw new Error(`controller ${this.nodeId} exited early:\n${this.output.slice(-2000)}`);
    this.httpPort = Number(ready[1]);
    return this;
  }

  /** Sends `signal` and waits for the exit. */
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

  /** True between pause() and resume(): its HTTP endpoint will not answer. */
  paused = false;

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

  /** Deletes the data dir (the process must be down): it comes back as a new, empty voter. */
  wipe(): void {
    if (this.alive) throw new Error(`controller ${this.nodeId} is running; kill it before wiping its data`);
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  async quorum(timeoutMs = 2000): Promise<QuorumJson> {
    return (await getJson(`${this.url}/quorum`, timeoutMs)) as QuorumJson;
  }

  async metadata(timeoutMs = 2000): Promise<Record<string, unknown> & { appliedOffset: number }> {
    return (await getJson(`${this.url}/metadata`, timeoutMs)) as Record<string, unknown> & { appliedOffset: number };
  }

  async dispose(): Promise<void> {
    await this.kill('SIGKILL');
    if (this.ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

async function getJson(url: string, timeoutMs: number): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return res.json();
}
