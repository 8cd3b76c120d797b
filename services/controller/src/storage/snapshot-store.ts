import { join } from 'node:path';
import type { FileSystemPort } from '@orderlab/log-store';
import { parseSnapshotFileName, snapshotFileName } from '@orderlab/metadata';
import type { Logger } from '@orderlab/shared';
import type { Snapshot } from '@orderlab/raft';

/** How many snapshot files stay on disk: the latest, and the one before it (a download in progress may still read it). */
const KEPT_SNAPSHOTS = 2;

/**
 * Snapshot files in the metadata partition's directory, in Kafka's naming:
 * `<endOffset 20 digits>-<epoch 10 digits>.checkpoint`. The bytes are whatever the caller hands
 * in (the KRaft snapshot format of libs/metadata); each file is written atomically and fsynced.
 */
export class SnapshotStore {
  constructor(
    private readonly fs: FileSystemPort,
    private readonly dir: string,
    private readonly logger: Logger,
  ) {}

  /** Snapshot ids on disk, newest last. Half-written temporary files are removed. */
  list(): Array<{ endOffset: number; epoch: number }> {
    const ids: Array<{ endOffset: number; epoch: number }> = [];
    for (const name of this.fs.list(this.dir)) {
      if (name.endsWith('.checkpoint.tmp')) {
        this.fs.remove(join(this.dir, name));
        continue;
      }
      const id = parseSnapshotFileName(name);
      if (id) ids.push(id);
    }
    return ids.sort((a, b) => a.endOffset - b.endOffset || a.epoch - b.epoch);
  }

  read(id: { endOffset: number; epoch: number }): Snapshot | undefined {
    const bytes = this.fs.readFile(join(this.dir, snapshotFileName(id.endOffset, id.epoch)));
    return bytes === null ? undefined : { endOffset: id.endOffset, epoch: id.epoch, bytes };
  }

  /** Durable when it returns; older snapshots beyond the kept ones are deleted. */
  write(snapshot: Snapshot): void {
    this.fs.writeFileAtomic(join(this.dir, snapshotFileName(snapshot.endOffset, snapshot.epoch)), snapshot.bytes);
    this.fs.syncDir(this.dir);
    this.prune();
  }

  private prune(): void {
    const ids = this.list();
    for (const id of ids.slice(0, Math.max(0, ids.length - KEPT_SNAPSHOTS))) {
      this.fs.remove(join(this.dir, snapshotFileName(id.endOffset, id.epoch)));
      this.logger.debug({ endOffset: id.endOffset, epoch: id.epoch }, 'old snapshot deleted');
    }
  }
}
