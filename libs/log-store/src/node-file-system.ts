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
  renameSync,
  rmSync,
  writeSync,
  writevSync,
} from 'node:fs';
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
    const tmp = `${path}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeAll(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  }

  remove(path: string): void {
    rmSync(path, { force: true });
  }

  removeDir(dir: string): void {
    rmSync(dir, { recursive: true, force: true });
  }

  syncDir(dir: string): void {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

function writeAll(fd: number, data: Buffer): void {
  let done = 0;
  while (done < data.length) done += writeSync(fd, data, done);
}

class NodeFileHandle implements FileHandle {
  private length: number;

  constructor(private readonly fd: number) {
    this.length = fstatSync(fd).size;
  }

  size(): number {
    return this.length;
  }

  append(data: Buffer | readonly Buffer[]): void {
    if (Buffer.isBuffer(data)) {
      writeAll(this.fd, data);
      this.length += data.length;
      return;
    }
    let pending = (data as readonly Buffer[]).filter((b) => b.length > 0);
    while (pending.length > 0) {
      let written = writevSync(this.fd, pending);
      this.length += written;
      // A short writev leaves the rest of the vector to write.
      while (pending.length > 0 && written >= (pending[0] as Buffer).length) written -= (pending.shift() as Buffer).length;
      if (written > 0 && pending.length > 0) pending = [(pending[0] as Buffer).subarray(written), ...pending.slice(1)];
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
