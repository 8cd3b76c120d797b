import { spawn, type ChildProcess } from 'node:child_process';
import { waitFor } from './wait-for';

/**
 * A child process that prints JSON lines; the test reads them as events and can wait for one.
 */
export class JsonLinesProcess {
  readonly events: Array<Record<string, unknown>> = [];
  private readonly child: ChildProcess;
  stderr = '';
  private buffer = '';

  constructor(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
    this.child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    this.child.stdout?.on('data', (d: Buffer) => {
      this.buffer += d.toString();
      const lines = this.buffer.split('\n');
      this.buffer = lines.pop() ?? '';
      for (const l of lines) {
        try {
          this.events.push(JSON.parse(l) as Record<string, unknown>);
        } catch {
          // not an event line
        }
      }
    });
    this.child.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  of(event: string): Array<Record<string, unknown>> {
    return this.events.filter((e) => e.event === event);
  }

  waitForEvent(event: string, timeoutMs: number, count = 1): Promise<Array<Record<string, unknown>>> {
    return waitFor(() => (this.of(event).length >= count ? this.of(event) : undefined), { timeoutMs, description: `${count} "${event}" event(s) (stderr: ${this.stderr.slice(-500)})` });
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill(signal);
    return exited;
  }
}
