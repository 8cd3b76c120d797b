import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { LIFELINE_ENV } from '@orderlab/runtime';
import { LinePrefixer } from './line-prefixer';

export interface ProcessSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Shutdown order: lower tiers stop first (services before the broker and Redis), a tier all at once. */
  readonly stopTier?: number;
  /** Whether the process watches its lifeline itself (our Node processes do, through libs/runtime); others are started through the lifeline wrapper. */
  readonly watchesLifeline: boolean;
  /** Sees every line the child writes on stdout (still passed on, prefixed). */
  readonly onStdoutLine?: (line: string) => void;
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** The wrapper that gives a process which cannot watch a pipe (redis-server) a lifeline. */
export const LIFELINE_WRAPPER = join(__dirname, 'lifeline-wrapper.js');

/**
 * One child of the launcher: its own process group (so a terminal's Ctrl-C reaches only the
 * launcher, which stops the children in order), its output prefixed with its name, and a
 * lifeline: a pipe on its stdin that only the launcher holds open. When the launcher dies,
 * even by SIGKILL, the kernel closes it and the child shuts itself down.
 */
export class ManagedChild {
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;

  constructor(
    readonly spec: ProcessSpec,
    out: Writable,
    err: Writable,
  ) {
    const [command, args] = spec.watchesLifeline ? [spec.command, spec.args] : [process.execPath, [LIFELINE_WRAPPER, spec.name, spec.command, ...spec.args]];
    this.child = spawn(command, args, { cwd: spec.cwd, env: { ...process.env, ...spec.env, [LIFELINE_ENV]: 'stdin' }, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const stdout = new LinePrefixer(`[${spec.name}] `, out, spec.onStdoutLine);
    const stderr = new LinePrefixer(`[${spec.name}] `, err);
    this.child.stdout?.on('data', (d: Buffer) => stdout.push(d));
    this.child.stderr?.on('data', (d: Buffer) => stderr.push(d));
    // The lifeline is never written to; an error on it only means the child is gone already.
    this.child.stdin?.on('error', () => undefined);
    this.exited = new Promise<Exit>((resolve) => {
      this.child.once('exit', (code, signal) => {
        stdout.flush();
        stderr.flush();
        resolve({ code, signal });
      });
      this.child.once('error', (e) => {
        err.write(`[${spec.name}] could not start: ${e.message}\n`);
        resolve({ code: 127, signal: null });
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Not exited yet, by a code or by a signal. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves when it has exited. */
  async stop(graceMs: number): Promise<Exit> {
    if (!this.running) return this.exited;
    this.signal('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), graceMs)));
    if ((await Promise.race([this.exited, deadline])) === 'late') this.signal('SIGKILL');
    clearTimeout(timer);
    return this.exited;
  }

  /** Signal the child's whole process group (the wrapper and what it runs). */
  signal(signal: NodeJS.Signals): void {
    if (!this.running || this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      this.child.kill(signal);
    }
  }
}
