import type { FileHandle, FileSystemPort } from './file-system-port';

/** Bytes and calls that went through a CountingFileSystem. */
export interface ReadCounts {
  /** Bytes returned by every read (handle reads and whole-file reads). */
  bytesRead: number;
  /** Number of read calls. */
  reads: number;
}

/**
 * A FileSystemPort that forwards to another and counts what was read through it, so
 * benchmarks and tests can state exactly how many bytes a fetch or a restart read.
 */
export class CountingFileSystem implements FileSystemPort {
  readonly counts: ReadCounts = { bytesRead: 0, reads: 0 };

  constructor(private readonly inner: FileSystemPort) {}

  reset(): void {
    this.counts.bytesRead = 0;
    this.counts.reads = 0;
  }

  mkdirp(dir: string): void {
    this.inner.mkdirp(dir);
  }

  list(dir: string): string[] {
    return this.inner.list(dir);
  }

  exists(path: string): boolean {
    return this.inner.exists(path);
  }

  open(path: string): FileHandle {
    return new CountingHandle(this.inner.open(path), this.counts);
  }

  readFile(path: string): Buffer | null {
    const data = this.inner.readFile(path);
    this.counts.reads++;
    this.counts.bytesRead += data?.length ?? 0;
    return data;
  }

  writeFileAtomic(path: string, data: Buffer): void {
    this.inner.writeFileAtomic(path, data);
  }

  replaceFile(path: string, data: Buffer): void {
    this.inner.replaceFile(path, data);
  }

  replaceFileAsync(path: string, data: Buffer): Promise<void> {
    return this.inner.replaceFileAsync(path, data);
  }

  remove(path: string): void {
    this.inner.remove(path);
  }

  removeDir(dir: string): void {
    this.inner.removeDir(dir);
  }

  syncDir(dir: string): void {
    this.inner.syncDir(dir);
  }

  syncDirAsync(dir: string): Promise<void> {
    return this.inner.syncDirAsync(dir);
  }
}

class CountingHandle implements FileHandle {
  constructor(
    private readonly inner: FileHandle,
    private readonly counts: ReadCounts,
  ) {}

  size(): number {
    return this.inner.size();
  }

  append(data: Buffer): void {
    this.inner.append(data);
  }

  read(position: number, length: number): Buffer {
    const out = this.inner.read(position, length);
    this.counts.reads++;
    this.counts.bytesRead += out.length;
    return out;
  }

  readInto(position: number, target: Buffer, targetOffset: number, length: number): number {
    const n = this.inner.readInto(position, target, targetOffset, length);
    this.counts.reads++;
    this.counts.bytesRead += n;
    return n;
  }

  truncate(size: number): void {
    this.inner.truncate(size);
  }

  sync(): void {
    this.inner.sync();
  }

  syncAsync(): Promise<void> {
    return this.inner.syncAsync();
  }

  close(): void {
    this.inner.close();
  }
}
