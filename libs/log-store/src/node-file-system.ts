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
  writeFileSync,
  writeSync,
} from 'node:fs';
import { fsync, open as openAsync, close as closeAsync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { syncDirectory, writeFileAtomic } from './atomic-file';
import type { FileHandle, FileSystemPort } from './file-system-port';

/**
 * node:fs with synchronous calls: an append returns once write(2) has, which is what a
 * produce acknowledgement promises, and sync I/O against the page cache is the fastest
 * path Node has for it. Only fsync has an asynchronous form, for the background flusher:
 * it may take long and must not hold the event loop.
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

  replaceFile(path: string, data: Buffer): void {
    const tmp = `${path}.tmp`;
    try {
      writeFileSync(tmp, data);
      renameSync(tmp, path);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
  }

  /** A temp name of its own, so it never collides with a synchronous replaceFile of the same file in between. */
  async replaceFileAsync(path: string, data: Buffer): Promise<void> {
    const tmp = `${path}.${++asyncWrites}.tmp`;
    try {
      await writeFile(tmp, data);
      await rename(tmp, path);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
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

  async syncDirAsync(dir: string): Promise<void> {
    const fd = await new Promise<number>((resolve, reject) => openAsync(dir, 'r', (e, f) => (e ? reject(e) : resolve(f))));
    try {
      await fsyncFd(fd);
    } finally {
      await new Promise<void>((resolve) => closeAsync(fd, () => resolve()));
    }
  }
}

let asyncWrites = 0;

function fsyncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));
}

class NodeFileHandle implements FileHandle {
  private length: number;
  private syncsInFlight = 0;
  private closeRequested = false;

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
    const got = this.readInto(position, out, 0, n);
    return got === n ? out : out.subarray(0, got);
  }

  readInto(position: number, target: Buffer, targetOffset: number, length: number): number {
    const n = Math.max(0, Math.min(length, this.length - position));
    let done = 0;
    while (done < n) {
      const got = readSync(this.fd, target, targetOffset + done, n - done, position + done);
      if (got === 0) break;
      done += got;
    }
    return done;
  }

  truncate(size: number): void {
    ftruncateSync(this.fd, size);
    this.length = size;
  }

  sync(): void {
    fsyncSync(this.fd);
  }

  async syncAsync(): Promise<void> {
    if (this.closeRequested) return;
    this.syncsInFlight++;
    try {
      await fsyncFd(this.fd);
    } finally {
      this.syncsInFlight--;
      // The descriptor stays open while an fsync runs on it: closing it then could let the
      // number be reused by another file in the middle of the call.
      if (this.closeRequested && this.syncsInFlight === 0) closeSync(this.fd);
    }
  }

  close(): void {
    if (this.closeRequested) return;
    this.closeRequested = true;
    if (this.syncsInFlight === 0) closeSync(this.fd);
  }
}
