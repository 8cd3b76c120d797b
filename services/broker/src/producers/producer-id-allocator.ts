import { join } from 'node:path';
import { readFileIfExists, writeFileAtomic } from '../storage/atomic-file';

/**
 * Hands out producer ids that are never reused, even across crashes: ids are reserved in
 * blocks (as Kafka's controller does with ProducerIdsRecord), and a block's end is made
 * durable before any id from it is returned.
 */
export class ProducerIdAllocator {
  private next: number;
  private blockEnd: number;
  private readonly file: string;

  constructor(
    dataDir: string,
    private readonly blockSize = 1000,
  ) {
    this.file = join(dataDir, 'producer-ids.json');
    const text = readFileIfExists(this.file);
    const reserved = text === null ? 0 : (JSON.parse(text) as { nextBlockStart: number }).nextBlockStart;
    this.next = reserved;
    this.blockEnd = reserved;
  }

  allocate(): number {
    if (this.next >= this.blockEnd) {
      this.blockEnd = this.next + this.blockSize;
      writeFileAtomic(this.file, JSON.stringify({ nextBlockStart: this.blockEnd }));
    }
    return this.next++;
  }
}
