import type { RaftMessage } from '../../src';
import { TestCluster } from '../helpers/test-cluster';

/** One line per message, as the scripts show them. */
export function describeMessage(m: RaftMessage): string {
  const head = `${m.from}->${m.to} ${m.type}`;
  switch (m.type) {
    case 'VoteRequest':
      return `${head}${m.preVote ? ' pre' : ''} epoch=${m.candidateEpoch} last=${m.lastOffsetEpoch}/${m.lastOffset}`;
    case 'VoteResponse':
      return `${head} err=${m.errorCode} granted=${m.voteGranted} epoch=${m.leaderEpoch} leader=${m.leaderId}`;
    case 'FetchRequest':
      return `${head} epoch=${m.currentLeaderEpoch} offset=${m.fetchOffset} lastEpoch=${m.lastFetchedEpoch}`;
    case 'FetchResponse': {
      const batches = m.records.map((b) => `${b.baseOffset}@${b.epoch}${b.control ? 'C' : `[${b.records.map(String).join(',')}]`}`).join(' ');
      const extra = `${m.divergingEpoch ? ` diverging=${m.divergingEpoch.epoch}/${m.divergingEpoch.endOffset}` : ''}${m.snapshotId ? ` snapshot=${m.snapshotId.endOffset}/${m.snapshotId.epoch}` : ''}`;
      return `${head} err=${m.errorCode} hw=${m.highWatermark}${extra}${batches ? ` records=${batches}` : ''}`;
    }
    case 'FetchSnapshotRequest':
      return `${head} snapshot=${m.snapshotId.endOffset}/${m.snapshotId.epoch} position=${m.position}`;
    case 'FetchSnapshotResponse':
      return `${head} err=${m.errorCode} position=${m.position} size=${m.size}`;
    case 'EndQuorumEpochRequest':
      return `${head} epoch=${m.leaderEpoch} successors=${m.preferredSuccessors.join(',')}`;
    default:
      return `${head}${'errorCode' in m ? ` err=${m.errorCode}` : ''} epoch=${m.leaderEpoch} leader=${m.leaderId}`;
  }
}

type Handler = (env: InteractionEnv, args: string[]) => void;

/** etcd's interaction environment: commands drive a TestCluster and print what happened. */
export class InteractionEnv {
  cluster: TestCluster | undefined;
  private out: string[] = [];

  private get c(): TestCluster {
    if (!this.cluster) throw new Error('no cluster yet: start with "nodes"');
    return this.cluster;
  }

  run(command: string, args: string[]): string {
    this.out = [];
    const handler = HANDLERS[command];
    if (!handler) throw new Error(`unknown command ${command}`);
    handler(this, args);
    return this.out.join('\n');
  }

  print(line: string): void {
    this.out.push(line);
  }

  ids(args: string[]): number[] {
    const named = args.filter((a) => /^\d+$/.test(a)).map(Number);
    return named.length > 0 ? named : [...this.c.ids];
  }

  /** Runs `fn` and prints the role and epoch changes it caused (after `label`, when given). */
  watch(fn: () => void, label = ''): void {
    const c = this.c;
    const before = new Map(c.ids.map((id) => [id, `${c.node(id).role} epoch=${c.node(id).epoch}`]));
    fn();
    for (const id of c.ids) {
      const now = `${c.node(id).role} epoch=${c.node(id).epoch}`;
      if (now !== before.get(id)) this.print(`${label}  n${id}: ${before.get(id)} -> ${now}`);
    }
  }

  /** Delivers what is in flight now (messages it causes wait for the next deliver). */
  deliverOnce(): number {
    const c = this.c;
    const batch = c.inflight;
    c.inflight = [];
    for (const m of batch) {
      const passes = c.members.has(m.to) && !this.blocked(m);
      this.print(`${passes ? '' : 'dropped '}${describeMessage(m)}`);
      if (!passes) continue;
      this.watch(() => {
        c.node(m.to).step(m);
        c.drain(m.to);
      });
    }
    return batch.length;
  }

  private blocked(m: RaftMessage): boolean {
    return this.isolated.has(m.from) || this.isolated.has(m.to);
  }

  readonly isolated = new Set<number>();
}

const HANDLERS: Record<string, Handler> = {
  nodes: (env, args) => {
    env.cluster = new TestCluster(args.map(Number));
    env.print(`voters ${args.join(' ')}`);
  },
  tick: (env, args) => {
    const times = Number(args.find((a) => a.startsWith('x'))?.slice(1) ?? 1);
    for (let i = 1; i <= times; i++) env.watch(() => env.cluster!.tick(env.ids(args)), `tick ${i}:`);
  },
  'tick-until': (env, [id, role]) => {
    const c = env.cluster!;
    let ticks = 0;
    env.watch(() => {
      while (c.node(Number(id)).role !== role && ticks < 200) {
        c.tick([Number(id)]);
        ticks++;
      }
    });
    env.print(`ticks: ${ticks}`);
  },
  deliver: (env) => {
    if (env.deliverOnce() === 0) env.print('nothing in flight');
  },
  stabilize: (env) => {
    for (let round = 0; round < 50 && env.cluster!.inflight.length > 0; round++) env.deliverOnce();
  },
  propose: (env, [id, ...values]) => {
    const r = env.cluster!.node(Number(id)).propose(values.map((v) => Buffer.from(v)));
    env.cluster!.drain(Number(id));
    env.print(r.ok ? `offsets ${r.value.baseOffset}..${r.value.lastOffset} epoch ${r.value.epoch}` : `refused: ${JSON.stringify(r.error)}`);
  },
  resign: (env, [id]) => {
    env.watch(() => {
      env.print(`resign: ${env.cluster!.node(Number(id)).resign()}`);
      env.cluster!.drain(Number(id));
    });
  },
  isolate: (env, [id]) => {
    env.isolated.add(Number(id));
    env.print(`n${id} isolated`);
  },
  heal: (env) => {
    const c = env.cluster!;
    const lost = c.inflight.filter((m) => env.isolated.has(m.from) || env.isolated.has(m.to));
    c.inflight = c.inflight.filter((m) => !lost.includes(m));
    env.isolated.clear();
    env.print(`healed (${lost.length} messages lost while cut)`);
  },
  restart: (env, [id]) => {
    env.watch(() => env.cluster!.restart(Number(id)));
  },
  status: (env, args) => {
    for (const id of env.ids(args)) {
      const s = env.cluster!.node(id).status();
      env.print(`n${id}: ${s.role} epoch=${s.epoch} leader=${s.leaderId} voted=${s.votedId} hw=${s.highWatermark} log=${s.logStartOffset}..${s.logEndOffset} applied=${s.appliedOffset}`);
    }
  },
  applied: (env, args) => {
    for (const id of env.ids(args)) env.print(`n${id}: ${env.cluster!.appliedValues(id).join(' ') || '(nothing)'}`);
  },
};
