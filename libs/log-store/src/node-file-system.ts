import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { syncDirectory, writeFileAtomic } from './atomic-file';
import type { FileHandle, FileSystemPort } from './file-system-port';

/**
 * node:fs with synchronous calls: an append returns once write(2) has, which is what a
 * produce acknowledgement promises, and sync I/O against the page cache is the fastest
 * path Node has for it.
 */
export class NodeFileSystem implements FileSystemPort {
  mkdirp(dir: string): void {
    mkdirSync(dir, { recursive: true });
  }

  list(dir: string): string[] {
    return existsSync(dir) ? readdirSync(dir) : [];
  }

  exists(path: string): boolean {
    return existsSync(path);
  }

  open(path: string): FileHandle {
    return new NodeFileHandle(openSync(path, 'a+'));
  }

  readFile(path: string): Buffer | null {
    return existsSync(path) ? readFileSync(path) : null;
  }

  writeFileAtomic(path: string, data: Buffer): void {
    writeFileAtomic(path, data);
  }

  remove(path: string): void {
    rmSync(path, { force: true });
  }

  removeDir(dir: string): void {
    rmSync(dir, { recursive: true, force: true });
  }

  syncDir(dir: string): void {
    syncDirectory(dir);
  }
}

class NodeFileHandle implements FileHandle {
  private length: number;

  constructor(private readonly fd: number) {
    this.length = fstatSync(fd).size;
  }

  size(): number {
    return this.length;
  }

  /** write(2) until done; on an error the bytes already written stay counted, so the caller can cut them back. */
  append(data: Buffer): void {
    let done = 0;
    try {
      while (done < data.length) done += writeSync(this.fd, data, done);
    } finally {
      this.length += done;
    }
  }

  read(position: number, length: number): Buffer {
    const n = Math.max(0, Math.min(length, this.length - position));
    const out = Buffer.allocUnsafe(n);
    let done = 0;
    while (done < n) {
      const got = readSync(this.fd, out, done, n - done, position + done);
      if (got === 0) break;
      done += got;
    }
    return done === n ? out : out.subarray(0, done);
  }

  truncate(size: number): void {
    ftruncateSync(this.fd, size);
    this.length = size;
  }

  sync(): void {
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}
