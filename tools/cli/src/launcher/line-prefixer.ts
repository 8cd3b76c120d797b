import type { Writable } from 'node:stream';

/**
 * Writes a child's output line by line with its name in front; a partial line waits for its
 * end (or for flush()). `onLine` sees every whole line as the child wrote it (a launcher
 * watching for a ready line).
 */
export class LinePrefixer {
  private partial = '';

  constructor(
    private readonly prefix: string,
    private readonly out: Writable,
    private readonly onLine?: (line: string) => void,
  ) {}

  push(chunk: Buffer | string): void {
    const lines = (this.partial + chunk.toString()).split('\n');
    this.partial = lines.pop() ?? '';
    if (lines.length > 0) this.out.write(lines.map((l) => `${this.prefix}${l}\n`).join(''));
    if (this.onLine) for (const l of lines) this.onLine(l);
  }

  flush(): void {
    if (this.partial) {
      this.out.write(`${this.prefix}${this.partial}\n`);
      this.onLine?.(this.partial);
    }
    this.partial = '';
  }
}
