import { join, resolve } from 'node:path';

/** The repository root, from e2e/dist/src/helpers. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');
export const BROKER_MAIN = join(REPO_ROOT, 'services', 'broker', 'dist', 'src', 'main.js');
