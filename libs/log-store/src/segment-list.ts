import type { BatchHeader } from '@orderlab/kafka-protocol';
import type { LogPosition, ReadResult } from './log-types';
import type { BatchVisitor, Segment } from './segment';

/**
 * A partition's segments in offset order (the last one is active), and the read paths over
 * them: segment lookup by binary search, reads of whole batches within a byte budget, and
 * scans. Holds no state beyond the list; FilePartitionLog decides what the list contains.
 */
export class SegmentList {
  private list: Segment[] = [];

  get all(): readonly Segment[] {
    return this.list;
  }

  get length(): number {
    return this.list.length;
  }

  replace(segments: Segment[]): void {
    this.list = segments;
  }

  push(s: Segment): void {
    this.list.push(s);
  }

  first(): Segment {
    return this.list[0] as Segment;
  }

  active(): Segment {
    return this.list[this.list.length - 1] as Segment;
  }

  at(i: number): Segment {
    return this.list[i] as Segment;
  }

  shift(): Segment {
    return this.list.shift() as Segment;
  }

  pop(): Segment {
    return this.list.pop() as Segment;
  }

  sizeBytes(): number {
    let n = 0;
    for (const s of this.list) n += s.size;
    return n;
  }

  /** Index of the segment holding `offset`: the last with baseOffset <= offset (0 when none is). */
  indexFor(offset: number): number {
    let lo = 0;
    let hi = this.list.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.list[mid] as Segment).baseOffset <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /**
   * Whole batches from the one holding `offset`, within `maxBytes`, stopping before batches
   * whose base offset is at or past `bound`. One read per segment touched, of exactly the
   * bytes returned; positions come from the sparse index and short walks over batch prefixes.
   */
  read(offset: number, maxBytes: number, bound: number, minOneBatch: boolean): ReadResult {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let minOne = minOneBatch;
    for (let i = this.indexFor(offset); i < this.list.length; i++) {
      const seg = this.list[i] as Segment;
      if (seg.baseOffset >= bound) break;
      const start = offset > seg.baseOffset ? seg.locate(offset)?.position ?? -1 : 0;
      if (start < 0) continue; // `offset` is this segment's end: the next one holds it
      const end = bound >= seg.nextOffset ? seg.size : seg.positionFrom(bound);
      const budget = maxBytes - bytes;
      const readEnd = end - start <= budget ? end : Math.min(end, seg.boundaryWithin(start, start + budget, minOne));
      if (readEnd > start) {
        chunks.push(seg.read(start, readEnd - start));
        bytes += readEnd - start;
        minOne = false;
      }
      if (readEnd < seg.size) break; // the budget or the bound ends the read inside this segment
    }
    return { chunks, bytes };
  }

  /** Where a read of `offset` starts, or null when no stored batch holds it (at or past the end). */
  position(offset: number): LogPosition | null {
    const seg = this.list[this.indexFor(offset)] as Segment;
    if (offset >= seg.nextOffset) return offset === this.active().nextOffset ? { segmentBaseOffset: this.active().baseOffset, position: this.active().size } : null;
    const span = seg.locate(offset);
    return span ? { segmentBaseOffset: seg.baseOffset, position: span.position } : null;
  }

  /** Bytes stored after `from` up to the end; null when its segment was deleted or cut below it since. */
  bytesAfter(from: LogPosition): number | null {
    const i = this.indexFor(from.segmentBaseOffset);
    const seg = this.list[i] as Segment;
    if (seg.baseOffset !== from.segmentBaseOffset || seg.size < from.position) return null;
    let n = seg.size - from.position;
    for (let j = i + 1; j < this.list.length; j++) n += (this.list[j] as Segment).size;
    return n;
  }

  /** Visit stored batches from the one holding `from` to the end, in order. */
  scanFrom(from: number, visit: BatchVisitor): void {
    for (let i = this.indexFor(from); i < this.list.length; i++) {
      const seg = this.list[i] as Segment;
      const start = from > seg.baseOffset ? seg.locate(from)?.position ?? -1 : 0;
      if (start < 0) continue;
      let stopped = false;
      seg.scan(start, (h, position, bytes, at) => {
        if (visit(h, position, bytes, at)) return true;
        stopped = true;
        return false;
      });
      if (stopped) return;
    }
  }

  /** Replay headers of the batches in [from, to) (producer state and epochs after a snapshot). */
  replay(from: number, to: number, visit: (h: BatchHeader) => void): void {
    if (from >= to) return;
    this.scanFrom(from, (h) => {
      if (h.baseOffset >= to) return false;
      visit(h);
      return true;
    });
  }
}
