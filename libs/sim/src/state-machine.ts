import type { LogBatch } from '@orderlab/raft';

/** What the simulation applies committed batches to; libs/metadata's image will plug in here. */
export interface StateMachine {
  apply(batch: LogBatch): void;
  /** Equal digests at the same applied offset on every node, or the checker fails. */
  digest(): string;
  snapshot(): Buffer;
  restore(bytes: Buffer): void;
}

/** FNV-1a over every applied user record, in order: a digest of the committed history. */
export class LogHashMachine implements StateMachine {
  private hash = 0x811c9dc5;
  private records = 0;

  apply(batch: LogBatch): void {
    if (batch.control) return;
    let h = this.hash;
    for (const r of batch.records) {
      for (let i = 0; i < r.length; i++) h = Math.imul(h ^ r[i]!, 0x01000193);
      h = Math.imul(h ^ 0xff, 0x01000193);
    }
    this.hash = h >>> 0;
    this.records += batch.records.length;
  }

  digest(): string {
    return `${this.records}:${this.hash.toString(16)}`;
  }

  snapshot(): Buffer {
    return Buffer.from(JSON.stringify({ hash: this.hash, records: this.records }));
  }

  restore(bytes: Buffer): void {
    const s = JSON.parse(bytes.toString('utf8')) as { hash: number; records: number };
    this.hash = s.hash;
    this.records = s.records;
  }
}
