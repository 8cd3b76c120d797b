import type { Partition } from './partition';

/**
 * Resolves when any of the partitions receives an append, or after `timeoutMs`:
 * the long-poll behind Fetch's max wait / min bytes.
 */
export function waitForAppend(partitions: readonly Partition[], timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribers: Array<() => void> = [];
    const finish = (): void => {
      clearTimeout(timer);
      for (const u of unsubscribers) u();
      resolve();
    };
    const timer = setTimeout(finish, timeoutMs);
    for (const p of partitions) unsubscribers.push(p.onAppend(finish));
  });
}
