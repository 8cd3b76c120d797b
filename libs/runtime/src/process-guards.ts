/** The exit code of a process that hit a bug (BSD's EX_SOFTWARE), so supervisors and tests can tell it from a crash point. */
export const BUG_EXIT_CODE = 70;

/** Every guard line starts with this, so a test can assert that none was printed. */
export const BUG_MARKER = 'BUG:';

export interface GuardOptions {
  /** Where the line goes; synchronous so it is written before the exit. */
  readonly write?: (line: string) => void;
  readonly exit?: (code: number) => void;
}

/**
 * An unhandled rejection or an uncaught exception is a bug, never a fault to ride out:
 * the process says so on stderr, with the stack, and exits with BUG_EXIT_CODE. Installed
 * first thing in every main(), so no library's default (Node's "warn and go on" in older
 * versions, a silent crash in others) decides for us.
 */
export function installProcessGuards(name: string, options: GuardOptions = {}): void {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const fail = (what: string) => (reason: unknown) => {
    write(`${name}: ${BUG_MARKER} ${what}: ${describe(reason)}\n`);
    exit(BUG_EXIT_CODE);
  };
  process.on('unhandledRejection', fail('unhandled rejection'));
  process.on('uncaughtException', fail('uncaught exception'));
}

function describe(reason: unknown): string {
  if (reason instanceof Error) return reason.stack ?? `${reason.name}: ${reason.message}`;
  try {
    return JSON.stringify(reason);
  } catch {
    return String(reason);
  }
}
