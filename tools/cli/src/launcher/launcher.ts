import type { Writable } from 'node:stream';
import { ManagedChild, type Exit, type ProcessSpec } from './managed-child';

export interface LauncherOptions {
  readonly out: Writable;
  readonly err: Writable;
  /** How long each child gets between SIGTERM and SIGKILL. */
  readonly graceMs: number;
  /** A child exited while nothing was stopping: the launcher stops the rest and exits non-zero. */
  readonly onUnexpectedExit?: (name: string, exit: Exit) => void;
}

/**
 * Starts processes and stops them all: tier by tier (lower first), the processes of a tier
 * in parallel, each with SIGTERM and then SIGKILL after the grace period, so shutdown is
 * bounded whatever the children do. A child that has already exited, by a code or a
 * signal, is not waited for.
 */
export class Launcher {
  private readonly children: ManagedChild[] = [];
  private stopping: Promise<void> | null = null;

  constructor(private readonly o: LauncherOptions) {}

  start(spec: ProcessSpec): ManagedChild {
    const child = new ManagedChild(spec, this.o.out, this.o.err);
    this.children.push(child);
    void child.exited.then((exit) => {
      if (!this.stopping) this.o.onUnexpectedExit?.(spec.name, exit);
    });
    return child;
  }

  get isStopping(): boolean {
    return this.stopping !== null;
  }

  stopAll(): Promise<void> {
    this.stopping ??= this.stopTiers();
    return this.stopping;
  }

  /** SIGKILL to every child still running, now. */
  killAll(): void {
    for (const c of this.children) c.signal('SIGKILL');
  }

  private async stopTiers(): Promise<void> {
    const tiers = [...new Set(this.children.map((c) => c.spec.stopTier ?? 0))].sort((a, b) => a - b);
    for (const tier of tiers) {
      await Promise.all(this.children.filter((c) => (c.spec.stopTier ?? 0) === tier).map((c) => c.stop(this.o.graceMs)));
    }
  }
}

/**
 * The first Ctrl-C (or SIGTERM) stops everything gracefully, then `exit(code)`; a second
 * one kills what is left at once and exits 130.
 */
export function stopOnSignals(launcher: Launcher, exit: (code: number) => void, say: (line: string) => void): void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (launcher.isStopping) {
      say(`\n${signal} again: killing what is left`);
      launcher.killAll();
      return exit(130);
    }
    say(`\n${signal}: stopping (again to kill at once)…`);
    void launcher.stopAll().then(() => exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
