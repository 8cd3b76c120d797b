import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canConnect } from './broker-process';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

export function redisServerAvailable(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

export interface RedisOptions {
  /** Persist with an append-only file fsynced this way (default: no persistence at all). */
  readonly appendfsync?: 'always' | 'everysec';
}

/**
 * A real redis-server on a free port with a temporary directory, started by the test. It
 * keeps its port and directory across stop/start, so a test can restart it from its files,
 * cut its AOF short first, or wipe it.
 */
export class RedisServer {
  private child: ChildProcess | null = null;
  readonly dir = mkdtempSync(join(tmpdir(), 'e2e-redis-'));
  port = 0;

  constructor(private readonly options: RedisOptions = {}) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<this> {
    if (this.port === 0) this.port = await freePort();
    const persistence = this.options.appendfsync
      ? ['--appendonly', 'yes', '--appendfsync', this.options.appendfsync, '--auto-aof-rewrite-percentage', '0', '--aof-use-rdb-preamble', 'no']
      : ['--appendonly', 'no'];
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', ...persistence], { stdio: 'ignore' });
    await waitFor(() => canConnect(this.port), { timeoutMs: 10_000, description: `redis-server on ${this.port}` });
    return this;
  }

  /** SIGKILL (a crash: no final fsync, no shutdown save), and wait for the exit. */
  async kill(): Promise<void> {
    const c = this.child;
    this.child = null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  }

  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  /** The append-only file Redis 7 writes commands to (appendonlydir/*.incr.aof). */
  incrementalAof(): string {
    const dir = join(this.dir, 'appendonlydir');
    const incr = readdirSync(dir).filter((f) => f.endsWith('.incr.aof')).sort();
    if (incr.length !== 1) throw new Error(`expected one incremental AOF in ${dir}, found ${incr.join(', ') || 'none'}`);
    return join(dir, incr[0] as string);
  }

  /** Delete everything it stored (stop it first). */
  wipe(): void {
    for (const f of readdirSync(this.dir)) rmSync(join(this.dir, f), { recursive: true, force: true });
  }

  async stop(): Promise<void> {
    this.resume();
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
