/**
 * The launcher sets this to "stdin" when it gives a child a pipe as stdin and keeps the
 * other end open for its whole life. A SIGKILLed launcher cannot signal its children, but
 * the kernel closes its end of the pipe: the child reads end-of-file and knows.
 */
export const LIFELINE_ENV = 'ORDERLAB_LIFELINE';

export interface LifelineOptions {
  /** What to do when the launcher is gone; by default a SIGTERM to ourselves, i.e. the normal graceful shutdown. */
  readonly onGone?: () => void;
  /** If the graceful shutdown has not ended the process by then, exit anyway. */
  readonly graceMs?: number;
  readonly write?: (line: string) => void;
}

/**
 * Exit when the launcher is gone (only if it asked for it through LIFELINE_ENV; a process
 * started by hand, a container or a test harness is left alone). Returns whether it watches.
 */
export function exitWhenLauncherGone(name: string, options: LifelineOptions = {}): boolean {
  if (process.env[LIFELINE_ENV] !== 'stdin') return false;
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const onGone = options.onGone ?? (() => process.kill(process.pid, 'SIGTERM'));
  let gone = false;
  const leave = (): void => {
    if (gone) return;
    gone = true;
    write(`${name}: the launcher is gone (its lifeline pipe closed): shutting down\n`);
    setTimeout(() => process.exit(1), options.graceMs ?? 10_000).unref();
    onGone();
  };
  const stdin = process.stdin;
  stdin.on('end', leave).on('close', leave).on('error', leave);
  // Read (and drop) whatever arrives, so end-of-file is seen; never hold the process open for it.
  stdin.on('data', () => undefined);
  stdin.resume();
  (stdin as unknown as { unref?: () => void }).unref?.();
  return true;
}
