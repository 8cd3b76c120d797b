import { randomBytes } from 'node:crypto';
import { ControllerProcess, type QuorumJson } from './controller-process';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

export interface QuorumOptions {
  readonly count: number;
  /** Extra flags for every controller. */
  readonly args?: readonly string[];
}

/** A Kafka cluster id (a random UUID in URL-safe base64). */
export const newClusterId = (): string => randomBytes(16).toString('base64url');

/**
 * N controller processes forming one quorum on free ports. `leader()` waits until exactly one
 * live controller is the active one and every other live, running one follows it in its epoch.
 */
export class ControllerQuorum {
  private constructor(
    readonly controllers: readonly ControllerProcess[],
    readonly voters: string,
    readonly clusterId: string,
  ) {}

  static async start(o: QuorumOptions): Promise<ControllerQuorum> {
    const ports: number[] = [];
    while (ports.length < o.count) {
      const p = await freePort();
      if (!ports.includes(p)) ports.push(p);
    }
    const voters = ports.map((p, i) => `${i + 1}@127.0.0.1:${p}`).join(',');
    return ControllerQuorum.startVoters({ voters, clusterId: newClusterId(), args: o.args });
  }

  /** One controller per entry of a voters string (`id@127.0.0.1:port,…`), as a cluster layout gives it. */
  static async startVoters(o: { voters: string; clusterId: string; args?: readonly string[]; httpPorts?: readonly number[] }): Promise<ControllerQuorum> {
    const ids = o.voters.split(',').map((v) => Number(v.slice(0, v.indexOf('@'))));
    const controllers = ids.map((nodeId, j) => new ControllerProcess({ nodeId, voters: o.voters, clusterId: o.clusterId, args: o.args, httpPort: o.httpPorts?.[j] }));
    const quorum = new ControllerQuorum(controllers, o.voters, o.clusterId);
    try {
      await Promise.all(controllers.map((c) => c.start()));
    } catch (e) {
      await quorum.stop();
      throw e;
    }
    return quorum;
  }

  byId(nodeId: number): ControllerProcess {
    const c = this.controllers.find((x) => x.nodeId === nodeId);
    if (!c) throw new Error(`no controller ${nodeId}`);
    return c;
  }

  /** Running and not paused. */
  responsive(): ControllerProcess[] {
    return this.controllers.filter((c) => c.alive && !c.paused);
  }

  /** The Kafka endpoints of the controllers, for an admin client. */
  endpoints(): Array<{ nodeId: number; host: string; port: number }> {
    return this.controllers.map((c) => ({ nodeId: c.nodeId, host: '127.0.0.1', port: c.port }));
  }

  async quorums(): Promise<Map<number, QuorumJson>> {
    const out = new Map<number, QuorumJson>();
    await Promise.all(
      this.responsive().map(async (c) => {
        try {
          out.set(c.nodeId, await c.quorum(1000));
        } catch {
          // starting or stopping: not counted
        }
      }),
    );
    return out;
  }

  /** Waits for one active controller that every responsive controller follows. */
  async leader(timeoutMs = 15_000): Promise<ControllerProcess> {
    return waitFor(
      async () => {
        const views = await this.quorums();
        const leaders = [...views.values()].filter((q) => q.role === 'leader' && q.activeController);
        if (leaders.length !== 1 || views.size !== this.responsive().length) return undefined;
        const l = leaders[0]!;
        const agreed = [...views.values()].every((q) => q === l || (q.role === 'follower' && q.leaderId === l.nodeId && q.epoch === l.epoch));
        return agreed ? this.byId(l.nodeId) : undefined;
      },
      { timeoutMs, intervalMs: 20, description: 'one active controller followed by every responsive controller' },
    );
  }

  /** Waits until every responsive controller serves the same GET /metadata body (same applied offset, same image); returns it. */
  async agreedMetadata(timeoutMs = 15_000): Promise<Record<string, unknown> & { appliedOffset: number }> {
    return waitFor(
      async () => {
        const bodies = await Promise.all(this.responsive().map((c) => c.metadata(1000)));
        const first = bodies[0];
        if (!first) return undefined;
        const text = JSON.stringify(first);
        return bodies.every((b) => JSON.stringify(b) === text) ? first : undefined;
      },
      { timeoutMs, intervalMs: 50, description: 'every responsive controller to serve the same /metadata' },
    );
  }

  async stop(): Promise<void> {
    await Promise.all(this.controllers.map((c) => c.dispose()));
  }
}
