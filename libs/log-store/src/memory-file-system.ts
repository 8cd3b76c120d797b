import { dirname } from 'node:path';
import type { FileHandle, FileSystemPort } from './file-system-port';

interface MemoryFile {
  data: Buffer;
  length: number;
  /** Bytes known to be on "disk": a crash keeps only these. */
  synced: number;
}

/**
 * An in-memory file system behind the same port. `crash()` throws away every byte
 * written after the file's last sync, which is what a power loss does to a real disk.
 */
export class MemoryFileSystem implements FileSystemPort {
  private readonly files = new Map<string, MemoryFile>();
  private readonly dirs = new Set<string>();

  mkdirp(dir: string): void {
    for (let d = dir; d !== dirname(d); d = dirname(d)) this.dirs.add(d);
  }

  list(dir: string): string[] {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    const names = new Set<string>();
    for (const p of [...this.files.keys(), ...this.dirs]) {
      if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split('/')[0] as string);
    }
    return [...names].filter((n) => n.length > 0);
  }

  exists(path: string): boolean {
    return this.files.has(path) || this.dirs.has(path);
  }

  open(path: string): FileHandle {
    let f = this.files.get(path);
    if (!f) {
      f = { data: Buffer.alloc(0), length: 0, synced: 0 };
      this.files.set(path, f);
    }
    return new MemoryFileHandle(f);
  }

  readFile(path: string): Buffer | null {
    const f = this.files.get(path);
    return f ? Buffer.from(f.data.subarray(0, f.length)) : null;
  }

  writeFileAtomic(path: string, data: Buffer): void {
    this.files.set(path, { data: Buffer.from(data), length: data.length, synced: data.length });
  }

  remove(path: string): void {
    this.files.delete(path);
  }

  removeDir(dir: string): void {
    const prefix = `${dir}/`;
    for (const p of [...this.files.keys()]) if (p.startsWith(prefix)) this.files.delete(p);
    for (const d of [...this.dirs]) if (d === dir || d.startsWith(prefix)) this.dirs.delete(d);
  }

  syncDir(): void {
    // Directory entries are always durable here.
  }

  /** Simulated power loss: every file keeps only what was synced. */
  crash(): void {
    for (const f of this.files.values()) f.length = Math.min(f.length, f.synced);
  }
}

class MemoryFileHandle implements FileHandle {
  constructor(private readonly f: MemoryFile) {}

  size(): number {
    return this.f.length;
  }

  append(data: Buffer | readonly Buffer[]): void {
    const pieces = Buffer.isBuffer(data) ? [data] : data;
    for (const p of pieces) {
      if (this.f.length + p.length > this.f.data.length) {
        const grown = Buffer.alloc(Math.max(this.f.data.length * 2, this.f.length + p.length, 4096));
        this.f.data.copy(grown, 0, 0, this.f.length);
        this.f.data = grown;
      }
      p.copy(this.f.data, this.f.length);
      this.f.length += p.length;
    }
  }

  read(position: number, length: number): Buffer {
    const end = Math.min(this.f.length, position + length);
    return Buffer.from(this.f.data.subarray(position, Math.max(position, end)));
  }

  truncate(size: number): void {
    this.f.length = Math.min(this.f.length, size);
    this.f.synced = Math.min(this.f.synced, size);
  }

  sync(): void {
    this.f.synced = this.f.length;
  }

  close(): void {
    // Nothing to release.
  }
}
