import { join } from 'node:path';

/** Kafka's naming: the base offset padded to 20 digits, so `ls` sorts segments numerically. */
export function segmentName(baseOffset: number): string {
  return String(baseOffset).padStart(20, '0');
}

export interface SegmentPaths {
  readonly log: string;
  readonly index: string;
  readonly timeIndex: string;
}

export function segmentPaths(dir: string, baseOffset: number): SegmentPaths {
  const name = segmentName(baseOffset);
  return { log: join(dir, `${name}.log`), index: join(dir, `${name}.index`), timeIndex: join(dir, `${name}.timeindex`) };
}

/** Base offsets of the segments in a partition directory, ascending. */
export function segmentBaseOffsets(names: readonly string[]): number[] {
  return names
    .filter((n) => /^\d{20}\.log$/.test(n))
    .map((n) => Number(n.slice(0, 20)))
    .sort((a, b) => a - b);
}
