/** How often the parent's presence is checked. */
const PARENT_CHECK_MS = 500;

/**
 * Whoever started us (npm run cluster, a test, a shell script) may die without stopping us —
 * even by SIGKILL, which it cannot catch. libs/runtime's lifeline covers launchers that hand us
 * a pipe; this covers every other parent: once we were re-parented, stop, so nothing is left
 * running.
 */
export function stopWhenParentGone(stop: (reason: string) => void): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) stop(`parent process ${parent} is gone`);
  }, PARENT_CHECK_MS);
  timer.unref();
}
