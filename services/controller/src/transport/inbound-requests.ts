import type { RaftResponse } from '@orderlab/raft';

export type InboundOutcome =
  | { readonly kind: 'answered'; readonly response: RaftResponse }
  /** The core did not answer in time (it drops malformed input; a lost leader never answers). */
  | { readonly kind: 'timeout' }
  /** A newer Fetch from the same replica took this one's place: the core parks one fetch per replica. */
  | { readonly kind: 'superseded' }
  | { readonly kind: 'stopped' };

interface Waiter {
  readonly resolve: (o: InboundOutcome) => void;
  readonly timer: NodeJS.Timeout;
  readonly fetchReplica: number | undefined;
}

/**
 * Requests from the network waiting for the core's answer. Each gets a requestId of ours (the
 * core echoes it in its response); the wire handler awaits the outcome and maps it back. Every
 * waiter ends — answered, timed out, superseded or stopped — so a connection's in-order response
 * queue can never stall on a request the core forgot.
 */
export class InboundRequests {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiter>();
  private readonly fetchOf = new Map<number, number>();

  /** A requestId for a message about to be stepped into the core. */
  reserve(): number {
    return this.nextId++;
  }

  /** Waits for the core's answer to the request stepped with `requestId`. */
  wait(requestId: number, timeoutMs: number, fetchReplica?: number): Promise<InboundOutcome> {
    if (fetchReplica !== undefined) {
      const older = this.fetchOf.get(fetchReplica);
      if (older !== undefined) this.finish(older, { kind: 'superseded' });
      this.fetchOf.set(fetchReplica, requestId);
    }
    return new Promise<InboundOutcome>((resolve) => {
      const timer = setTimeout(() => this.finish(requestId, { kind: 'timeout' }), timeoutMs);
      this.waiting.set(requestId, { resolve, timer, fetchReplica });
    });
  }

  /** A response of the core; false when nobody waits for it (it came too late). */
  deliver(response: RaftResponse): boolean {
    return this.finish(response.requestId, { kind: 'answered', response });
  }

  close(): void {
    for (const id of [...this.waiting.keys()]) this.finish(id, { kind: 'stopped' });
  }

  get size(): number {
    return this.waiting.size;
  }

  private finish(requestId: number, outcome: InboundOutcome): boolean {
    const w = this.waiting.get(requestId);
    if (!w) return false;
    this.waiting.delete(requestId);
    clearTimeout(w.timer);
    if (w.fetchReplica !== undefined && this.fetchOf.get(w.fetchReplica) === requestId) this.fetchOf.delete(w.fetchReplica);
    w.resolve(outcome);
    return true;
  }
}
