import type { LogBatch } from '../types';

/** Kafka's RecordBatch v2 header, and a typical per-record overhead: sizes are estimates for maxBytes limits. */
const BATCH_HEADER_BYTES = 61;
const RECORD_OVERHEAD_BYTES = 8;

/** The offset after the batch's last record. */
export const batchEndOffset = (b: LogBatch): number => b.baseOffset + b.records.length;

/** Kafka's lastOffset = baseOffset + n - 1. */
export const batchLastOffset = (b: LogBatch): number => b.baseOffset + b.records.length - 1;

export function batchSizeBytes(b: LogBatch): number {
  let size = BATCH_HEADER_BYTES;
  for (const r of b.records) size += r.length + RECORD_OVERHEAD_BYTES;
  return size;
}

/**
 * Whole batches from `batches` (sorted, contiguous) starting at the batch whose baseOffset is
 * `from`, ending at or below `to`, within `maxBytes` — but always at least one batch when one
 * fits below `to`, so a large batch never stalls a reader. Returns undefined when `from` is not
 * a batch boundary inside the array.
 */
export function sliceBatches(batches: readonly LogBatch[], from: number, to: number, maxBytes: number): LogBatch[] | undefined {
  const start = findBatchIndex(batches, from);
  if (start < 0) return undefined;
  const out: LogBatch[] = [];
  let bytes = 0;
  for (let i = start; i < batches.length; i++) {
    const b = batches[i]!;
    if (batchEndOffset(b) > to) break;
    bytes += batchSizeBytes(b);
    if (out.length > 0 && bytes > maxBytes) break;
    out.push(b);
  }
  return out;
}

/** Index of the batch starting exactly at `offset`, or -1 (binary search; batches sorted by baseOffset). */
export function findBatchIndex(batches: readonly LogBatch[], offset: number): number {
  let lo = 0;
  let hi = batches.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const base = batches[mid]!.baseOffset;
    if (base === offset) return mid;
    if (base < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
