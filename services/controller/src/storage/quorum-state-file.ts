import { dirname } from 'node:path';
import type { FileSystemPort } from '@orderlab/log-store';
import { INITIAL_HARD_STATE, type HardState } from '@orderlab/raft';
import { DataDirError } from './meta-properties';

/**
 * The Raft hard state in Kafka's `quorum-state` file (JSON, data_version 0): leaderEpoch,
 * votedId, leaderId, the voters. Replaced atomically (temp file, fsync, rename, fsync of the
 * directory) before any message of the same Ready is sent, so a granted vote survives a crash.
 */
export class QuorumStateFile {
  constructor(
    private readonly fs: FileSystemPort,
    private readonly path: string,
    private readonly voters: readonly number[],
  ) {}

  read(): HardState {
    const bytes = this.fs.readFile(this.path);
    if (bytes === null) return INITIAL_HARD_STATE;
    let parsed: unknown;
    try {
      parsed = JSON.parse(bytes.toString('utf8'));
    } catch (e) {
      throw new DataDirError('DATA_DIR.CORRUPT', `${this.path} is not JSON: ${(e as Error).message}`);
    }
    const o = (parsed ?? {}) as Record<string, unknown>;
    const ints = [o.leaderEpoch, o.votedId, o.leaderId];
    if (!ints.every((v) => Number.isSafeInteger(v))) throw new DataDirError('DATA_DIR.CORRUPT', `${this.path} lacks leaderEpoch, votedId or leaderId`);
    return { epoch: o.leaderEpoch as number, votedId: o.votedId as number, leaderId: o.leaderId as number };
  }

  write(hs: HardState): void {
    const body = {
      clusterId: '',
      leaderId: hs.leaderId,
      leaderEpoch: hs.epoch,
      votedId: hs.votedId,
      appliedOffset: 0,
      currentVoters: this.voters.map((voterId) => ({ voterId })),
      data_version: 0,
    };
    this.fs.writeFileAtomic(this.path, Buffer.from(JSON.stringify(body)));
    this.fs.syncDir(dirname(this.path));
  }
}
