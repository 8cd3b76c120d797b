import { join, resolve } from 'node:path';

/** The repository root, from e2e/dist/src/helpers. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');
export const BROKER_MAIN = join(REPO_ROOT, 'services', 'broker', 'dist', 'src', 'main.js');
export const CONTROLLER_MAIN = join(REPO_ROOT, 'services', 'controller', 'dist', 'src', 'main.js');
export const E2E_PROCESSES = join(REPO_ROOT, 'e2e', 'dist', 'src', 'processes');
export const GROUPS_CLI = join(REPO_ROOT, 'tools', 'cli', 'dist', 'src', 'consumer-groups', 'main.js');
export const DEMO_MAIN = join(REPO_ROOT, 'tools', 'cli', 'dist', 'src', 'demo', 'main.js');
export const CLUSTER_MAIN = join(REPO_ROOT, 'tools', 'cli', 'dist', 'src', 'cluster', 'main.js');
