import { BATCH, batchCrcValid, batchSizeAt } from '@orderlab/kafka-protocol';
import { readInt64 } from './entry-table';
import type { FileHandle } from './file-system-port';

/**
 * Where a batch sits in a segment file: the little a read needs, from the 12 bytes that
 * start every batch (baseOffset, batchLength). The layout itself is the codec's (BATCH).
 */
export interface BatchSpan {
  readonly position: number;
  readonly baseOffset: number;
  /** Whole batch size: batchLength + 12. */
  readonly size: number;
}

const prefix = Buffer.alloc(BATCH.LOG_OVERHEAD);

/** The batch starting at `position`, read from its 12-byte prefix; null at the end of the file or on a torn prefix. */
export function spanAt(file: Pick<FileHandle, 'readInto'>, position: number, fileSize: number): BatchSpan | null {
  if (position + BATCH.LOG_OVERHEAD > fileSize) return null;
  if (file.readInto(position, prefix, 0, BATCH.LOG_OVERHEAD) < BATCH.LOG_OVERHEAD) return null;
  const size = batchSizeAt(prefix, 0);
  if (size < BATCH.HEADER_SIZE || position + size > fileSize) return null;
  return { position, baseOffset: readInt64(prefix, BATCH.BASE_OFFSET), size };
}

/** A batch is intact when its length is sane, it fits, its magic is 2 and its CRC-32C matches. */
export function batchIntact(bytes: Buffer, at: number): boolean {
  const size = batchSizeAt(bytes, at);
  if (size < BATCH.HEADER_SIZE || at + size > bytes.length) return false;
  if (bytes[at + BATCH.MAGIC] !== 2) return false;
  return batchCrcValid(bytes.subarray(at, at + size));
}
