import type { Ready } from '../ready';
import type { MemoryStorage } from './memory-storage';

/** Step 1 of the Ready contract for a MemoryStorage: hard state, snapshot, truncation, entries. */
export function writeReady(storage: MemoryStorage, ready: Ready): void {
  if (ready.hardState) storage.setHardState(ready.hardState);
  if (ready.snapshot) storage.installSnapshot(ready.snapshot);
  if (ready.truncateTo !== undefined) storage.truncateTo(ready.truncateTo);
  storage.append(ready.entries);
}
