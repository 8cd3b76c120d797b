import type { Clock, Logger } from '@orderlab/shared';
import type { RecordTimestamps } from './file-partition-log';
import { FileLogStore } from './file-log-store';
import { MemoryFileSystem } from './memory-file-system';

export interface MemoryLogStoreOptions {
  readonly clock: Clock;
  readonly recordTimestamps?: RecordTimestamps;
  readonly logger?: Logger;
  /** Share one in-memory disk between store instances to simulate restarts and crashes. */
  readonly fs?: MemoryFileSystem;
  readonly producerIdExpirationMs?: number;
  readonly indexCacheBytes?: number;
}

/**
 * The in-memory log store: the same segment, index, retention and recovery code as the
 * file store, over a MemoryFileSystem instead of the disk. Sharing the code (rather than
 * writing a second log) means tests of one are tests of the other's semantics.
 */
export class MemoryLogStore extends FileLogStore {
  readonly memory: MemoryFileSystem;

  constructor(o: MemoryLogStoreOptions) {
    const fs = o.fs ?? new MemoryFileSystem();
    super({ ...o, dir: '/memory-log-store', fs });
    this.memory = fs;
  }
}
