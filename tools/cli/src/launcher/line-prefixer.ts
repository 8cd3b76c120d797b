import type { Writable } from 'node:stream';

/** Writes a child's output line by line with its name in front; a partial line waits for its end (or for flush()). */
export class LinePrefixer {
  private partial = '';

  constructor(
    private readonly prefix: string,
    private readonly out: Writable,
  ) {}

  push(chunk: Buffer | string): void {
    const lines = (this.partial + chunk.toString()).split('\n');
    this.partial = lines.pop() ?? '';
    if (lines.length > 0) this.out.write(lines.map((l) => `${this.prefix}${l}\n`).join(''));
  }

  flush(): void {
    if (this.partial) this.out.write(`${this.prefix}${this.partial}\n`);
    this.partial = '';
  }
}
