import { CodedError } from '@orderlab/shared';

/**
 * STORAGE.WRITE_FAILED: a write failed and was undone; the log is exactly as before and a
 * retry may succeed (a full disk that frees up). STORAGE.OFFLINE: the log could not be
 * brought back to a known state (a failed undo, a failed fsync, a read error), so it refuses
 * every operation until the process restarts and recovery runs. The broker answers both
 * with KAFKA_STORAGE_ERROR, which clients retry.
 */
export type StorageErrorCode = 'STORAGE.WRITE_FAILED' | 'STORAGE.OFFLINE';

export class LogStorageError extends CodedError<StorageErrorCode> {}

export function isStorageError(e: unknown): e is LogStorageError {
  return e instanceof LogStorageError;
}

export function describeIoError(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    return code && !e.message.startsWith(code) ? `${code}: ${e.message}` : e.message;
  }
  return String(e);
}

/**
 * Input the log refuses before writing anything (a replicated batch that is damaged or
 * does not continue the log). Nothing changed, so the log stays online.
 */
export class LogInputError extends CodedError<'LOG.INVALID_BATCH' | 'LOG.OFFSET_MISMATCH'> {}
