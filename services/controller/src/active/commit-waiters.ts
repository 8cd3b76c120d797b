import { batchEndOffset, type LogBatch } from '@orderlab/raft';
import { notController, type ControllerUnavailable } from './controller-errors';

interface Waiter {
  /** Resolved once everything below this offset is applied. */
  readonly target: number;
  /** The batch the caller's records went into: it must be applied with this epoch (not truncated away). */
  readonly batch: { readonly baseOffset: number; readonly epoch: number } | undefined;
  readonly resolve: () => void;
  readonly reject: (e: ControllerUnavailable) => void;
}

/**
 * Callers waiting for their records to be committed and applied (the controller answers only
 * then), in offset order. A batch applied at a waiter's offset with another epoch means its
 * records were truncated away by a newer leader: that waiter fails with NOT_CONTROLLER.
 */
export class CommitWaiters {
  private waiters: Waiter[] = [];

  /** `appliedEnd`: where the applied state is now (an empty decision's target may already be reached). */
  wait(target: number, appliedEnd: number, batch?: { readonly baseOffset: number; readonly epoch: number }): Promise<void> {
    if (!batch && target <= appliedEnd) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      let i = this.waiters.length;
      while (i > 0 && this.waiters[i - 1]!.target > target) i--;
      this.waiters.splice(i, 0, { target, batch, resolve, reject });
    });
  }

  onApplied(batch: LogBatch): void {
    const end = batchEndOffset(batch);
    const keep: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.batch && w.batch.baseOffset === batch.baseOffset && w.batch.epoch !== batch.epoch) {
        w.reject(notController(`the records at offset ${batch.baseOffset} were replaced by a newer leader's (epoch ${batch.epoch})`));
      } else if (w.target <= end) {
        w.resolve();
      } else {
        keep.push(w);
      }
    }
    this.waiters = keep;
  }

  failAll(e: ControllerUnavailable): void {
    const all = this.waiters;
    this.waiters = [];
    for (const w of all) w.reject(e);
  }

  get size(): number {
    return this.waiters.length;
  }
}
