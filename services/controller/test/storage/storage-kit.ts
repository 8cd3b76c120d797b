import { MemoryFileSystem } from '@orderlab/log-store';
import { encodeLeaderChange, type LogBatch, type Ready } from '@orderlab/raft';
import { silentLogger } from '@orderlab/shared';
import { FileRaftStorage } from '../../src/storage/file-raft-storage';
import { LogBatchCodec } from '../../src/storage/log-batch-codec';

export const DATA_DIR = '/data';

export function openStorage(fs: MemoryFileSystem, segmentBytes = 1 << 20): FileRaftStorage {
  return new FileRaftStorage({ fs, dataDir: DATA_DIR, voters: [1, 2, 3], segmentBytes, codec: new LogBatchCodec(() => 1000), clock: { now: () => 1000 }, logger: silentLogger });
}

export const dataBatch = (baseOffset: number, epoch: number, values: string[]): LogBatch => ({ baseOffset, epoch, records: values.map((v) => Buffer.from(v)), control: false });

export const leaderChange = (baseOffset: number, epoch: number, leaderId: number): LogBatch => ({
  baseOffset,
  epoch,
  records: [encodeLeaderChange({ leaderId, voters: [1, 2, 3], grantingVoters: [leaderId] })],
  control: true,
});

export function ready(parts: Partial<Ready>): Ready {
  return { entries: [], committed: [], messages: [], highWatermark: 0, role: 'follower', epoch: 1, leaderId: 1, ...parts };
}

export { MemoryFileSystem };
