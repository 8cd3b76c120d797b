import { dirname } from 'node:path';
import type { FileHandle, FileSystemPort } from './file-system-port';

interface MemoryFile {
  readonly path: string;
  data: Buffer;
  length: number;
  /** Bytes known to be on "disk": a crash keeps only these. */
  synced: number;
}

/** An I/O error to inject, the way the kernel reports it (a Node error with `code` and `syscall`). */
export interface InjectedFault {
  readonly op: 'append' | 'truncate' | 'sync' | 'writeFile';
  readonly code: 'ENOSPC' | 'EIO' | 'EDQUOT';
  /** Only files whose path contains this. */
  readonly pathIncludes?: string;
  /** For appends: how many bytes reach the file before the error (a short write). Default 0. */
  readonly writtenBefore?: number;
  /** How many matching operations fail; default 1, Infinity for a fault that persists. */
  readonly times?: number;
}

export function ioError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected I/O error, ${syscall} '${path}'`), { code, syscall, path });
}

/**
 * An in-memory file system behind the same port. `crash()` throws away every byte
 * written after the file's last sync, which is what a power loss does to a real disk.
 * Faults can be injected: a capacity (appends write what fits, then fail with ENOSPC, as a
 * full tmpfs does) and one-off or persistent errors per operation and path.
 */
export class MemoryFileSystem implements FileSystemPort {
  private readonly files = new Map<string, MemoryFile>();
  private readonly dirs = new Set<string>();
  private faults: Array<InjectedFault & { remaining: number }> = [];
  /** Total bytes the files may hold; appends past it are short writes followed by ENOSPC. */
  capacity = Number.POSITIVE_INFINITY;

  inject(fault: InjectedFault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  clearFaults(): void {
    this.faults = [];
    this.capacity = Number.POSITIVE_INFINITY;
  }

  /** Bytes held by all files. */
  used(): number {
    let n = 0;
    for (const f of this.files.values()) n += f.length;
    return n;
  }

  /** The fault to raise for this operation, if one matches (consuming one of its times). */
  takeFault(op: InjectedFault['op'], path: string): InjectedFault | null {
    const f = this.faults.find((x) => x.op === op && x.remaining > 0 && (x.pathIncludes === undefined || path.includes(x.pathIncludes)));
    if (!f) return null;
    f.remaining--;
    return f;
  }

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
      f = { path, data: Buffer.alloc(0), length: 0, synced: 0 };
      this.files.set(path, f);
    }
    return new MemoryFileHandle(f, this);
  }

  readFile(path: string): Buffer | null {
    const f = this.files.get(path);
    return f ? Buffer.from(f.data.subarray(0, f.length)) : null;
  }

  writeFileAtomic(path: string, data: Buffer): void {
    const fault = this.takeFault('writeFile', path);
    if (fault) throw ioError(fault.code, 'write', path);
    const old = this.files.get(path)?.length ?? 0;
    if (this.used() - old + data.length > this.capacity) throw ioError('ENOSPC', 'write', path);
    this.files.set(path, { path, data: Buffer.from(data), length: data.length, synced: data.length });
  }

  /** The new content is not synced: a crash() before a sync leaves the file empty, the worst a real disk may do. */
  replaceFile(path: string, data: Buffer): void {
    const fault = this.takeFault('writeFile', path);
    if (fault) throw ioError(fault.code, 'write', path);
    const old = this.files.get(path)?.length ?? 0;
    if (this.used() - old + data.length > this.capacity) throw ioError('ENOSPC', 'write', path);
    this.files.set(path, { path, data: Buffer.from(data), length: data.length, synced: 0 });
  }

  async replaceFileAsync(path: string, data: Buffer): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.replaceFile(path, data);
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

  async syncDirAsync(): Promise<void> {
    // As syncDir.
  }

  /** Simulated power loss: every file keeps only what was synced. */
  crash(): void {
    for (const f of this.files.values()) f.length = Math.min(f.length, f.synced);
  }
}

class MemoryFileHandle implements FileHandle {
  constructor(
    private readonly f: MemoryFile,
    private readonly fs: MemoryFileSystem,
  ) {}

  size(): number {
    return this.f.length;
  }

  /** Like write(2) on a real disk: on a fault or a full disk, a prefix may land before the error. */
  append(whole: Buffer): void {
    const fault = this.fs.takeFault('append', this.f.path);
    const room = this.fs.capacity - this.fs.used();
    if (fault || whole.length > room) {
      const prefix = Math.max(0, Math.min(whole.length, fault ? (fault.writtenBefore ?? 0) : room));
      this.write(whole.subarray(0, prefix));
      throw ioError(fault?.code ?? 'ENOSPC', 'write', this.f.path);
    }
    this.write(whole);
  }

  private write(p: Buffer): void {
    if (this.f.length + p.length > this.f.data.length) {
      const grown = Buffer.alloc(Math.max(this.f.data.length * 2, this.f.length + p.length, 4096));
      this.f.data.copy(grown, 0, 0, this.f.length);
      this.f.data = grown;
    }
    p.copy(this.f.data, this.f.length);
    this.f.length += p.length;
  }

  read(position: number, length: number): Buffer {
    const end = Math.min(this.f.length, position + length);
    return Buffer.from(this.f.data.subarray(position, Math.max(position, end)));
  }

  readInto(position: number, target: Buffer, targetOffset: number, length: number): number {
    const end = Math.min(this.f.length, position + length);
    return end > position ? this.f.data.copy(target, targetOffset, position, end) : 0;
  }

  truncate(size: number): void {
    const fault = this.fs.takeFault('truncate', this.f.path);
    if (fault) throw ioError(fault.code, 'ftruncate', this.f.path);
    this.f.length = Math.min(this.f.length, size);
    this.f.synced = Math.min(this.f.synced, size);
  }

  sync(): void {
    const fault = this.fs.takeFault('sync', this.f.path);
    if (fault) throw ioError(fault.code, 'fsync', this.f.path);
    this.f.synced = this.f.length;
  }

  /** Resolves on a later turn of the event loop, as a real fsync would. */
  async syncAsync(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.sync();
  }

  close(): void {
    // Nothing to release.
  }
}
