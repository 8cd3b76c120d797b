import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canConnect, freePort, waitFor } from '@orderlab/e2e';

/** A real redis-server for the peer side of the benchmark: AOF on, fsync every second. */
export class RedisServerProcess {
  private child: ChildProcess | null = null;
  private readonly dir = mkdtempSync(join(tmpdir(), 'bench-redis-'));
  port = 0;

  async start(): Promise<this> {
    this.port = await freePort();
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', ''], { stdio: 'ignore' });
    this.child.once('error', (e) => {
      throw new Error(`cannot start redis-server (apt-get install redis-server): ${e.message}`);
    });
    await waitFor(() => canConnect(this.port), { timeoutMs: 10_000, description: 'redis-server' });
    return this;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  peakRssKb(): number {
    return this.child?.pid ? peakRss(this.child.pid) : 0;
  }

  async stop(): Promise<void> {
    const c = this.child;
    if (c && c.exitCode === null) {
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** VmHWM: the peak resident set of a process, in kB (Linux). */
export function peakRss(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}
