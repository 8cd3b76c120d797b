import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { batchSizeAt, readBatchHeader } from '@orderlab/kafka-protocol';
import type { ReplicaLog, StoredBatch } from './history';

/**
 * Reads one replica straight from a broker's data dir (`<data-dir>/logs/<topic>-<partition>/
 * <base offset>.log`, every segment in order), not through the broker: the checker must see what
 * each broker actually stored, including what a leader cut off from its peers wrote and no client
 * may read. A trailing partial batch (a write torn by SIGKILL) is left out, as recovery does.
 * The broker may be running: its appends land whole in the page cache, a half-visible one is the
 * partial batch above.
 */
export function readReplicaLog(dataDir: string, brokerId: number, topic: string, partition: number): ReplicaLog {
  const dir = join(dataDir, 'logs', `${topic}-${partition}`);
  const batches: StoredBatch[] = [];
  if (existsSync(dir)) {
    for (const file of readdirSync(dir).filter((f) => /^\d{20}\.log$/.test(f)).sort()) {
      const bytes = readFileSync(join(dir, file));
      for (let at = 0; at < bytes.length; ) {
        const size = batchSizeAt(bytes, at);
        if (size <= 12 || at + size > bytes.length) break; // 12: an empty length field (zeroes past the end), not a batch
        const h = readBatchHeader(bytes, at);
        batches.push({ baseOffset: h.baseOffset, lastOffset: h.baseOffset + h.lastOffsetDelta, bytes: Buffer.from(bytes.subarray(at, at + size)) });
        at += size;
      }
    }
  }
  return { brokerId, partition, batches };
}
