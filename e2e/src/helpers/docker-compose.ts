import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { REPO_ROOT } from './repo-paths';

const run = promisify(execFile);

/** Why docker compose cannot run here, or null when it can (engine answering, a compose tool installed). */
export function composeUnavailableReason(): string | null {
  if (spawnSync('docker', ['info'], { stdio: 'ignore' }).status !== 0) return 'no Docker engine answers `docker info` (.ci/run installs docker.io and starts dockerd)';
  if (!composeCommand()) return 'neither `docker compose` nor `docker-compose` is installed';
  return null;
}

/** `docker compose` (v2) if present, else the Python `docker-compose` 1.29 Debian ships. */
export function composeCommand(): string[] | null {
  if (spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0) return ['docker-compose'];
  return null;
}

/** Local stand-ins for node:20-bookworm-slim and redis:7 when no registry is reachable (built once, cached). */
export async function baseImages(): Promise<Record<string, string>> {
  const { stdout } = await run('bash', [join(REPO_ROOT, 'scripts', 'docker', 'local-base-images.sh')], { maxBuffer: 1 << 20 });
  return Object.fromEntries(stdout.trim().split(/\s+/).map((kv) => kv.split('=') as [string, string]));
}

/** One compose project, with its own name and host ports. */
export class ComposeProject {
  constructor(
    readonly name: string,
    private readonly env: Record<string, string>,
  ) {}

  async run(...args: string[]): Promise<string> {
    const [cmd, ...pre] = composeCommand() as string[];
    const { stdout } = await run(cmd as string, [...pre, '-p', this.name, '-f', join(REPO_ROOT, 'docker-compose.yml'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...this.env },
      maxBuffer: 64 << 20,
    });
    return stdout;
  }
}
