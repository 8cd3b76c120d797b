import type { Logger } from '@orderlab/shared';

export interface ProducerIdBlock {
  readonly start: number;
  readonly length: number;
}

/** Gets the next block from the active controller (AllocateProducerIds); rejects when none could be had. */
export type BlockSource = () => Promise<ProducerIdBlock>;

/** No block is available yet (the controller did not answer in time): InitProducerId answers a retriable error. */
export class NoProducerIdBlockError extends Error {}

/**
 * Hands out producer ids from blocks the active controller allocates through the metadata log
 * (AllocateProducerIds → ProducerIdsRecord), as Kafka's RPCProducerIdManager: blocks are disjoint
 * across brokers and never reused (the record is committed before the block is answered), so no
 * two brokers ever give out the same id, across restarts and controller failovers too. The next
 * block is requested once 90% of the current one is used, so InitProducerId rarely waits.
 */
export class ProducerIdAllocator {
  private next = 0;
  private end = 0;
  private size = 0;
  private prefetched: ProducerIdBlock | null = null;
  private fetching: Promise<boolean> | null = null;

  constructor(
    private readonly source: BlockSource,
    private readonly logger: Logger,
    private readonly prefetchRatio = 0.9,
  ) {}

  async allocate(): Promise<number> {
    for (;;) {
      if (this.next < this.end) {
        const id = this.next++;
        if (this.end - this.next <= Math.round(this.size * (1 - this.prefetchRatio))) this.prefetch();
        return id;
      }
      if (this.prefetched) {
        this.next = this.prefetched.start;
        this.end = this.prefetched.start + this.prefetched.length;
        this.size = this.prefetched.length;
        this.prefetched = null;
        continue;
      }
      this.prefetch();
      // Many callers may wait on one fetch and drain its block; they loop and wait for the next.
      if (!(await this.fetching)) throw new NoProducerIdBlockError('no producer id block could be obtained from the controller');
    }
  }

  private prefetch(): void {
    if (!this.prefetched && !this.fetching) this.fetching = this.fetchNext();
  }

  private async fetchNext(): Promise<boolean> {
    try {
      const block = await this.source();
      this.prefetched = block;
      this.logger.info({ producerIdStart: block.start, producerIdLen: block.length }, 'got a producer id block from the controller');
      return true;
    } catch (e) {
      this.logger.warn({ err: (e as Error).message }, 'could not get a producer id block from the controller');
      return false;
    } finally {
      this.fetching = null;
    }
  }
}
