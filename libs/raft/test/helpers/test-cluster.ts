import {
  MemoryStorage,
  RaftNode,
  writeReady,
  type LogBatch,
  type RaftConfigInput,
  type RaftMessage,
  type RaftMessageType,
} from '../../src';

/** A small seeded generator (mulberry32) so election jitter is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const TEST_TIMING = {
  electionTimeoutTicks: 10,
  fetchTimeoutTicks: 20,
  requestTimeoutTicks: 8,
  electionBackoffMaxTicks: 5,
  retryBackoffTicks: 1,
  fetchMaxWaitTicks: 4,
} as const;

export interface TestMember {
  node: RaftNode;
  storage: MemoryStorage;
  /** Every committed batch the driver applied, in order (across restarts, as a state machine would). */
  applied: LogBatch[];
}

/**
 * etcd's synchronous test network: every node persists its Ready into a MemoryStorage before its
 * messages join the in-flight queue; deliver() moves them, honouring cut links and dropped types.
 */
export class TestCluster {
  readonly members = new Map<number, TestMember>();
  inflight: RaftMessage[] = [];
  private readonly cuts = new Set<string>();
  private readonly droppedTypes = new Set<RaftMessageType>();
  /** Every message any node sent, for assertions. */
  readonly sent: RaftMessage[] = [];

  constructor(
    readonly ids: readonly number[],
    private readonly overrides: Partial<RaftConfigInput> = {},
    private readonly seed = 1,
  ) {
    for (const id of ids) this.start(id, new MemoryStorage());
  }

  member(id: number): TestMember {
    const m = this.members.get(id);
    if (!m) throw new Error(`no node ${id}`);
    return m;
  }

  node(id: number): RaftNode {
    return this.member(id).node;
  }

  /** A new RaftNode over the node's storage: what survives a crash (everything persisted). */
  restart(id: number, overrides: Partial<RaftConfigInput> = {}): void {
    const storage = this.member(id).storage;
    this.start(id, storage, overrides);
    this.inflight = this.inflight.filter((m) => m.to !== id);
  }

  private start(id: number, storage: MemoryStorage, overrides: Partial<RaftConfigInput> = {}): void {
    const previous = this.members.get(id);
    const node = new RaftNode({
      nodeId: id,
      voters: this.ids,
      storage,
      random: seededRandom(this.seed * 1000 + id + (previous ? 7 : 0)),
      ...TEST_TIMING,
      ...this.overrides,
      ...overrides,
    });
    this.members.set(id, { node, storage, applied: previous ? previous.applied.filter((b) => b.baseOffset < storage.endOffset()) : [] });
    this.drain(id);
  }

  /** Runs the Ready loop of one node until it has nothing more to do. */
  drain(id: number): void {
    const m = this.member(id);
    while (m.node.hasReady()) {
      const ready = m.node.ready();
      writeReady(m.storage, ready);
      if (ready.snapshot) m.applied = [];
      for (const msg of ready.messages) {
        this.sent.push(msg);
        this.inflight.push(msg);
      }
      m.applied.push(...ready.committed);
      m.node.advance();
    }
  }

  tick(ids: readonly number[] = this.ids, times = 1): void {
    for (let i = 0; i < times; i++) {
      for (const id of ids) {
        this.node(id).tick();
        this.drain(id);
      }
    }
  }

  cut(a: number, b: number): void {
    this.cuts.add(`${a}>${b}`);
    this.cuts.add(`${b}>${a}`);
  }

  cutOneWay(from: number, to: number): void {
    this.cuts.add(`${from}>${to}`);
  }

  isolate(id: number): void {
    for (const other of this.ids) if (other !== id) this.cut(id, other);
  }

  dropType(type: RaftMessageType): void {
    this.droppedTypes.add(type);
  }

  heal(): void {
    this.cuts.clear();
    this.droppedTypes.clear();
  }

  private passes(m: RaftMessage): boolean {
    return !this.cuts.has(`${m.from}>${m.to}`) && !this.droppedTypes.has(m.type) && this.members.has(m.to);
  }

  /** Delivers what is in flight (and what that causes) until quiet or `maxMessages` were handled. */
  deliver(maxMessages = 10_000): number {
    let handled = 0;
    while (this.inflight.length > 0 && handled < maxMessages) {
      const m = this.inflight.shift()!;
      if (!this.passes(m)) continue;
      this.node(m.to).step(m);
      this.drain(m.to);
      handled++;
    }
    return handled;
  }

  /** Ticks everyone and delivers, `rounds` times. */
  run(rounds: number): void {
    for (let i = 0; i < rounds; i++) {
      this.tick();
      this.deliver();
    }
  }

  /** Runs until `predicate` holds; throws after `maxRounds`. */
  runUntil(predicate: () => boolean, maxRounds = 500, what = 'condition'): void {
    for (let i = 0; i < maxRounds; i++) {
      if (predicate()) return;
      this.tick();
      this.deliver();
    }
    if (!predicate()) throw new Error(`${what} not reached within ${maxRounds} rounds`);
  }

  leaders(): number[] {
    return this.ids.filter((id) => this.node(id).role === 'leader');
  }

  /** Runs until exactly one leader exists and everyone else follows it in its epoch. */
  electLeader(maxRounds = 500): number {
    this.runUntil(
      () => {
        const leaders = this.leaders();
        if (leaders.length !== 1) return false;
        const l = this.node(leaders[0]!);
        return this.ids.every((id) => id === leaders[0] || (this.node(id).role === 'follower' && this.node(id).leaderId === l.nodeId && this.node(id).epoch === l.epoch));
      },
      maxRounds,
      'a stable leader',
    );
    return this.leaders()[0]!;
  }

  /** Proposes on `id` and returns the batch's last offset. */
  propose(id: number, ...values: string[]): number {
    const r = this.node(id).propose(values.map((v) => Buffer.from(v)));
    if (!r.ok) throw new Error(`propose on ${id} failed: ${JSON.stringify(r.error)}`);
    this.drain(id);
    return r.value.lastOffset;
  }

  /** User values a node applied, in order (control batches left out). */
  appliedValues(id: number): string[] {
    return this.member(id).applied.filter((b) => !b.control).flatMap((b) => b.records.map((r) => r.toString()));
  }
}
