import { spawn, spawnSync } from 'node:child_process';

export interface KcatResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Whether the kcat binary (Debian package kcat, librdkafka 2.0.2) is installed. */
export function kcatAvailable(): boolean {
  return spawnSync('kcat', ['-V'], { encoding: 'utf8' }).status === 0;
}

/** Run kcat to completion with optional stdin; kills it after `timeoutMs`. */
export function kcat(args: readonly string[], options: { input?: string; timeoutMs?: number } = {}): Promise<KcatResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A long-running kcat (e.g. a balanced consumer, `-G`) whose output lines are collected. */
export class KcatProcess {
  readonly lines: string[] = [];
  stderr = '';
  private readonly child: ReturnType<typeof spawn>;
  private partial = '';

  constructor(args: readonly string[]) {
    this.child = spawn('kcat', ['-u', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (d: Buffer) => {
      const parts = (this.partial + d.toString()).split('\n');
      this.partial = parts.pop() ?? '';
      this.lines.push(...parts.filter((l) => l.length > 0));
    });
    this.child.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
  }

  /** SIGTERM lets kcat leave its group; SIGKILL does not. */
  stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill(signal);
    return exited;
  }
}
