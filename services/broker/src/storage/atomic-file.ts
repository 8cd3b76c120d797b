import { existsSync, readFileSync } from 'node:fs';

/** The broker's metadata files use the log store's one atomic write (temp, fsync, rename, fsync of the directory). */
export { writeFileAtomic } from '@orderlab/log-store';

export function readFileIfExists(path: string): string | null {
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}
