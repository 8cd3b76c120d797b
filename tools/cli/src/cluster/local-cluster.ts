import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReadyLine, type ClusterNode, type ReadyLine } from '@orderlab/shared';
import type { Exit, Launcher, ManagedChild } from '../launcher';
import type { ClusterPlan } from './cluster-plan';

export interface NodeInfo {
  readonly nodeId: number;
  readonly kafka: string;
  readonly url: string;
  readonly pid: number | undefined;
}

/** The one line `npm run cluster` prints once every node is ready. */
export interface ClusterReady {
  readonly ready: true;
  readonly clusterId: string;
  /** This launcher: `kill -HUP` it to start dead nodes again. */
  readonly launcherPid: number;
  readonly bootstrap: string;
  readonly controllers: NodeInfo[];
  readonly brokers: NodeInfo[];
}

interface Running {
  readonly node: ClusterNode;
  child: ManagedChild;
  ready: ReadyLine | undefined;
  /** Settles the wait for this incarnation's ready line. */
  settle: ((r: ReadyLine | Exit) => void) | undefined;
}

/**
 * A plan's nodes on a launcher: controllers first, then brokers (a broker is ready only once
 * registered and unfenced, which needs the quorum), each awaited by its ready line. A node
 * that dies before the cluster is ready fails the start; after that a death is only reported
 * (this is a fault lab: kill nodes and watch) and `restartDown()` starts the dead ones again
 * on the same ports and data.
 */
export class LocalCluster {
  private readonly running = new Map<string, Running>();
  private started = false;

  constructor(
    private readonly plan: ClusterPlan,
    private readonly launcher: Launcher,
    private readonly say: (line: string) => void,
    private readonly o: { readyTimeoutMs: number; dataDir: string },
  ) {}

  async start(): Promise<ClusterReady> {
    const controllers = this.plan.nodes.filter((n) => n.node.role === 'controller');
    const brokers = this.plan.nodes.filter((n) => n.node.role === 'broker');
    await Promise.all(controllers.map((n) => this.startNode(n.node)));
    await Promise.all(brokers.map((n) => this.startNode(n.node)));
    this.started = true;
    const ready = this.readyLine();
    // Scripts (and the README's commands) read pids and URLs from here.
    writeFileSync(join(this.o.dataDir, 'cluster.json'), `${JSON.stringify(ready, null, 2)}\n`);
    return ready;
  }

  readyLine(): ClusterReady {
    const info = (role: ClusterNode['role']) =>
      [...this.running.values()].filter((r) => r.node.role === role).map((r) => ({ nodeId: r.node.nodeId, kafka: r.ready?.kafka ?? '', url: r.ready?.url ?? '', pid: r.child.pid }));
    return { ready: true, clusterId: this.plan.clusterId, launcherPid: process.pid, bootstrap: this.plan.layout.bootstrap, controllers: info('controller'), brokers: info('broker') };
  }

  /** Starts again every node that is not running; resolves when they are ready. */
  async restartDown(): Promise<string[]> {
    const down = [...this.running.values()].filter((r) => !r.child.running).map((r) => r.node);
    await Promise.all(down.map((n) => this.startNode(n)));
    if (down.length > 0) writeFileSync(join(this.o.dataDir, 'cluster.json'), `${JSON.stringify(this.readyLine(), null, 2)}\n`);
    return down.map((n) => n.name);
  }

  private async startNode(node: ClusterNode): Promise<void> {
    const planned = this.plan.nodes.find((n) => n.node.name === node.name);
    if (!planned) throw new Error(`no node ${node.name} in the plan`);
    const before = this.running.get(node.name)?.ready;
    const r: Running = { node, child: undefined as unknown as ManagedChild, ready: undefined, settle: undefined };
    const waited = new Promise<ReadyLine | Exit>((resolve) => (r.settle = resolve));
    r.child = this.launcher.start({
      ...planned.spec(before ? Number(new URL(before.url).port) : undefined),
      onStdoutLine: (line) => {
        const ready = parseReadyLine(line);
        if (!ready || r.ready) return;
        r.ready = ready;
        r.settle?.(ready);
      },
    });
    this.running.set(node.name, r);
    void r.child.exited.then((exit) => {
      r.settle?.(exit);
      if (this.started && !this.launcher.isStopping && this.running.get(node.name) === r) {
        this.say(`[cluster] ${node.name} exited (${exit.signal ?? `code ${exit.code}`}); the rest keep running — kill -HUP ${process.pid} starts it again`);
      }
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), this.o.readyTimeoutMs)));
    const outcome = await Promise.race([waited, late]);
    clearTimeout(timer);
    if (outcome === 'late') throw new Error(`${node.name} was not ready within ${this.o.readyTimeoutMs / 1000} s (see its log lines above)`);
    if (!('ready' in outcome)) throw new Error(`${node.name} exited before it was ready (${outcome.signal ?? `code ${outcome.code}`}; see its log lines above)`);
  }
}
