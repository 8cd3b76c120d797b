/**
 * The only way the log store reaches a disk. NodeFileSystem is the real one;
 * MemoryFileSystem stands in for tests and simulation (and can lose unsynced bytes).
 */
export interface FileHandle {
  size(): number;
  /**
   * Append at the end; returns after write(2) returned for every byte. May throw after a
   * prefix was written (a short write followed by ENOSPC): size() then counts that prefix,
   * and undoing it (truncate) is the caller's job.
   */
  append(data: Buffer): void;
  /** Up to `length` bytes from `position` (fewer at end of file), in a buffer of exactly that size. */
  read(position: number, length: number): Buffer;
  /** Read up to `length` bytes from `position` into `target` at `targetOffset`; returns how many were read. */
  readInto(position: number, target: Buffer, targetOffset: number, length: number): number;
  truncate(size: number): void;
  sync(): void;
  /** fsync off the event loop (the thread pool); close() waits for fsyncs in flight before releasing the file. */
  syncAsync(): Promise<void>;
  close(): void;
}

export interface FileSystemPort {
  mkdirp(dir: string): void;
  /** Entry names in a directory; [] when it does not exist. */
  list(dir: string): string[];
  exists(path: string): boolean;
  /** Open for reading and appending, creating the file if needed. */
  open(path: string): FileHandle;
  readFile(path: string): Buffer | null;
  /** Replace a file so that a crash leaves the old or the new content (temp, fsync, rename, fsync of the directory). */
  writeFileAtomic(path: string, data: Buffer): void;
  /**
   * Replace a file (temp, rename) without waiting for the disk. Until the file and its
   * directory are fsynced a crash may leave the old content, the new, or an empty file, so
   * only content that is validated on load (CRC, sanity checks) or rebuilt goes this way.
   */
  replaceFile(path: string, data: Buffer): void;
  /** replaceFile off the event loop (the background flusher's side files and checkpoints). */
  replaceFileAsync(path: string, data: Buffer): Promise<void>;
  remove(path: string): void;
  removeDir(dir: string): void;
  /** fsync a directory, so creations and renames in it are durable. */
  syncDir(dir: string): void;
  syncDirAsync(dir: string): Promise<void>;
}
