import type { Logger } from '@orderlab/shared';

/** How often the parent's presence is checked. */
const PARENT_CHECK_MS = 500;

/**
 * A launcher (npm run cluster, a test) may die without stopping us — even by SIGKILL, which it
 * cannot catch: when our parent process is gone (we were re-parented), exit, so nothing is left
 * running. Unhandled rejections and uncaught exceptions are bugs: log them and exit non-zero.
 */
export function installProcessGuards(logger: Logger, stop: (reason: string) => void): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) stop(`parent process ${parent} is gone`);
  }, PARENT_CHECK_MS);
  timer.unref();
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection: exiting');
    process.exit(70);
  });
  process.on('uncaughtException', (err) => {
    logger.error({ err }, 'uncaught exception: exiting');
    process.exit(70);
  });
}
