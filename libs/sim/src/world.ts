import type { LogBatch, RaftMessage } from '@orderlab/raft';
import { EventQueue, type SimEvent } from './event-queue';
import { SafetyChecker } from './invariants';
import { Rng } from './rng';
import { SimNetwork } from './sim-network';
import { SimNode } from './sim-node';
import { MetadataMachine } from './metadata-machine';
import { METADATA_RECORDS } from './metadata-records';
import { TAGGED_RECORDS } from './record-scheme';
import { LogHashMachine, type StateMachine } from './state-machine';
import type { SimOptions } from './options';
import { Workload } from './workload';
import { describeMessage, traceLogger } from './trace';

const RECENT_EVENTS = 40;
const formatEvent = (ev: SimEvent) => `${ev.time.toFixed(2)} ${ev.label} n${ev.node}`;

/**
 * N RaftNodes in one process on a simulated clock. Everything that happens is an event in one
 * queue ordered by (time, sequence); every random choice comes from a stream forked off the
 * seed, so a seed replays exactly. Invariants are checked after every event.
 */
export class World {
  now = 0;
  events = 0;
  /** False once healAll() ended the fault phase: late fault events then do nothing. */
  faultsActive = true;
  readonly counts = { truncations: 0, snapshotInstalls: 0, snapshotsTaken: 0, crashes: 0, lostWrites: 0 };
  readonly queue = new EventQueue();
  readonly nodes: SimNode[] = [];
  readonly ids: number[];
  readonly network: SimNetwork;
  readonly checker: SafetyChecker;
  readonly workload: Workload;
  readonly rng: { network: Rng; disk: Rng; workload: Rng; faults: Rng };
  /** Scenarios watch appends here (the checker sees them regardless). */
  readonly appendObservers: Array<(node: SimNode, batches: readonly LogBatch[]) => void> = [];
  private readonly backlog = new Map<number, Array<() => void>>();
  /** The last events, formatted only when a failure asks (formatting every event is costly). */
  private readonly recent: SimEvent[] = [];
  private recentAt = 0;

  constructor(readonly options: SimOptions) {
    const root = new Rng(options.seed);
    this.rng = { network: root.fork('network'), disk: root.fork('disk'), workload: root.fork('workload'), faults: root.fork('faults') };
    this.ids = Array.from({ length: options.voters }, (_, i) => i + 1);
    this.network = new SimNetwork(this.rng.network, options.network, (delay, m) =>
      this.schedule(this.now + delay, m.to, options.trace ? `deliver ${describeMessage(m)}` : 'deliver', () => this.deliver(m)),
    );
    this.checker = new SafetyChecker(() => this.nodes);
    this.workload = new Workload(this.rng.workload, options.maxRecordsPerProposal, options.stateMachine === 'metadata' ? METADATA_RECORDS : TAGGED_RECORDS);
    const skewRng = root.fork('clock');
    for (const id of this.ids) {
      const tickMs = options.tickMs * (1 + (skewRng.next() * 2 - 1) * options.clockSkew);
      const election = root.fork(`election-${id}`);
      this.nodes.push(this.createNode(id, tickMs, election));
    }
    for (const n of this.nodes) this.startTicking(n);
  }

  private createNode(id: number, tickMs: number, election: Rng): SimNode {
    const host = {
      now: () => this.now,
      later: (node: SimNode, delay: number, label: string, fn: () => void) => this.later(node, delay, label, fn),
      send: (m: RaftMessage) => this.network.send(m),
      onAppend: (node: SimNode, batches: readonly LogBatch[], prev: number | undefined) => {
        this.checker.onAppend(node.id, batches, prev);
        for (const observe of this.appendObservers) observe(node, batches);
      },
      onApply: (node: SimNode, batch: LogBatch) => {
        this.checker.onApply(node.id, node.epoch, batch, node.sm.digest());
        this.workload.onApply(node, batch);
      },
      onSnapshotInstalled: (node: SimNode) => {
        this.counts.snapshotInstalls++;
        this.checker.checkDigest(node.id, node.appliedEnd(), node.sm.digest());
      },
      onTruncate: () => this.counts.truncations++,
      onSnapshotTaken: () => this.counts.snapshotsTaken++,
    };
    const driver = {
      sendBeforePersist: this.options.sendBeforePersist,
      fsyncDelayMs: () => this.options.fsyncDelayMs[0] + this.rng.disk.next() * (this.options.fsyncDelayMs[1] - this.options.fsyncDelayMs[0]),
      snapshotEveryOffsets: this.options.snapshotEveryOffsets,
    };
    const trace = this.options.trace;
    const logger = trace ? traceLogger((line) => trace(`${this.now.toFixed(2)} n${id} ${line}`)) : undefined;
    const config = (node: SimNode) => ({ nodeId: id, voters: this.ids, storage: node.disk.visible, random: () => election.next(), logger, ...this.options.timing });
    const machine = (): StateMachine => (this.options.stateMachine === 'metadata' ? new MetadataMachine() : new LogHashMachine());
    return new SimNode(id, tickMs, host, driver, config, machine);
  }

  nodeById(id: number): SimNode {
    return this.nodes[id - 1]!;
  }

  schedule(time: number, node: number, label: string, fn: () => void): void {
    this.queue.push(time, node, label, fn);
  }

  /** Runs `fn` for `node` after `delay` if it is still the same process; a paused process runs it on resume. */
  later(node: SimNode, delay: number, label: string, fn: () => void): void {
    const incarnation = node.incarnation;
    this.schedule(this.now + delay, node.id, label, () => this.whenRunning(node, incarnation, fn));
  }

  private whenRunning(node: SimNode, incarnation: number, fn: () => void): void {
    if (!node.up || node.incarnation !== incarnation) return;
    if (node.paused) {
      this.backlog.get(node.id)!.push(fn);
      return;
    }
    fn();
  }

  private deliver(m: RaftMessage): void {
    const target = this.nodes[m.to - 1];
    if (!target || !target.up || this.network.isCut(m.from, m.to)) return;
    this.whenRunning(target, target.incarnation, () => target.input(() => target.raft.step(m)));
  }

  private startTicking(node: SimNode): void {
    const tick = () => {
      if (node.up) this.whenRunning(node, node.incarnation, () => node.input(() => node.raft.tick()));
      this.schedule(this.now + node.tickMs, node.id, 'tick', tick);
    };
    this.schedule(this.now + node.tickMs * (0.5 + this.rng.faults.next()), node.id, 'tick', tick);
  }

  /** Runs events up to `untilMs`, or until `stop()` holds (checked after every event). Invariant failures throw. */
  runUntil(untilMs: number, stop?: () => boolean): boolean {
    for (;;) {
      if (stop?.()) return true;
      const t = this.queue.peekTime();
      if (t === undefined || t > untilMs) break;
      const ev = this.queue.pop()!;
      this.now = ev.time;
      this.events++;
      this.note(ev);
      ev.run();
      if (ev.node > 0) this.checker.afterEvent(this.nodes[ev.node - 1]!);
      else for (const n of this.nodes) this.checker.afterEvent(n);
    }
    this.now = Math.max(this.now, untilMs);
    return stop?.() ?? false;
  }

  private note(ev: SimEvent): void {
    this.recent[this.recentAt] = ev;
    this.recentAt = (this.recentAt + 1) % RECENT_EVENTS;
    this.options.trace?.(formatEvent(ev));
  }

  recentEvents(): readonly string[] {
    const ordered = [...this.recent.slice(this.recentAt), ...this.recent.slice(0, this.recentAt)];
    return ordered.map(formatEvent);
  }

  // ---- faults ----

  /** Hard kill: unsynced writes may be lost (all of them with loseAllUnsynced); the process is gone until restart(). */
  crash(id: number, loseAllUnsynced = false): void {
    const node = this.nodeById(id);
    if (!node.up) return;
    this.counts.crashes++;
    this.counts.lostWrites += node.crash((disk) => disk.crash(loseAllUnsynced ? undefined : this.rng.disk));
    this.backlog.delete(id);
  }

  restart(id: number): void {
    const node = this.nodeById(id);
    if (node.up) return;
    this.checker.onRestart(id, node.disk.visible, node.lastApplied);
    node.restart();
  }

  /** SIGSTOP: nothing the process would do happens until resume(); then it runs the backlog. */
  pause(id: number): void {
    const node = this.nodeById(id);
    if (!node.up || node.paused) return;
    node.paused = true;
    this.backlog.set(id, []);
  }

  resume(id: number): void {
    const node = this.nodeById(id);
    if (!node.paused) return;
    node.paused = false;
    const work = this.backlog.get(id) ?? [];
    this.backlog.delete(id);
    this.schedule(this.now, id, 'resume', () => {
      for (const fn of work) if (node.up && !node.paused) fn();
    });
  }

  /** The one leader every node in `among` (default: all) follows in its epoch, if they agree on one. */
  stableLeader(among: readonly number[] = this.ids): SimNode | undefined {
    const group = among.map((id) => this.nodeById(id));
    const leaders = group.filter((n) => n.up && !n.paused && n.role === 'leader');
    if (leaders.length !== 1) return undefined;
    const l = leaders[0]!;
    const agreed = group.every((n) => n === l || (n.up && n.role === 'follower' && n.epoch === l.epoch && n.raft.leaderId === l.id));
    return agreed ? l : undefined;
  }

  /** Any live node that currently believes it leads. */
  anyLeader(among: readonly number[] = this.ids): SimNode | undefined {
    return among.map((id) => this.nodeById(id)).find((n) => n.up && !n.paused && n.role === 'leader');
  }
}
