import { MemoryStorage, RaftNode, writeReady, type LogBatch, type RaftConfigInput, type RaftMessage, type Ready } from '../../src';
import { seededRandom, TEST_TIMING } from './test-cluster';

type Outgoing<T extends RaftMessage['type']> = Extract<RaftMessage, { type: T }>;

/**
 * One node driven by hand (etcd's single-node raft tests): the test plays every peer by
 * stepping messages in and reading the Ready's messages out.
 */
export class Solo {
  readonly storage: MemoryStorage;
  node: RaftNode;
  readonly readies: Ready[] = [];
  readonly applied: LogBatch[] = [];

  constructor(
    readonly id: number,
    readonly voters: readonly number[],
    storage = new MemoryStorage(),
    private readonly overrides: Partial<RaftConfigInput> = {},
  ) {
    this.storage = storage;
    this.node = this.create();
  }

  private create(): RaftNode {
    return new RaftNode({ nodeId: this.id, voters: this.voters, storage: this.storage, random: seededRandom(this.id), ...TEST_TIMING, ...this.overrides });
  }

  /** A new process over the same storage. */
  restart(): void {
    this.node = this.create();
  }

  /** Persists and advances every pending Ready; returns the messages they carried. */
  flush(): RaftMessage[] {
    const out: RaftMessage[] = [];
    while (this.node.hasReady()) {
      const r = this.node.ready();
      this.readies.push(r);
      writeReady(this.storage, r);
      out.push(...r.messages);
      this.applied.push(...r.committed);
      this.node.advance();
    }
    return out;
  }

  step(m: RaftMessage): RaftMessage[] {
    this.node.step(m);
    return this.flush();
  }

  tick(times = 1): RaftMessage[] {
    const out: RaftMessage[] = [];
    for (let i = 0; i < times; i++) {
      this.node.tick();
      out.push(...this.flush());
    }
    return out;
  }

  /** Ticks until a message of `type` goes out; returns those. */
  tickUntil<T extends RaftMessage['type']>(type: T, maxTicks = 200): Outgoing<T>[] {
    for (let i = 0; i < maxTicks; i++) {
      const found = this.tick().filter((m): m is Outgoing<T> => m.type === type);
      if (found.length > 0) return found;
    }
    throw new Error(`no ${type} within ${maxTicks} ticks`);
  }

  /** Plays every other voter granting (pre-)votes until this node leads; returns its epoch. */
  campaignToLeader(): number {
    let requests = this.tickUntil('VoteRequest');
    for (let round = 0; round < 4 && this.node.role !== 'leader'; round++) {
      const next: RaftMessage[] = [];
      for (const req of requests) next.push(...this.step(grant(req)));
      requests = next.filter((m): m is Outgoing<'VoteRequest'> => m.type === 'VoteRequest');
    }
    if (this.node.role !== 'leader') throw new Error(`node ${this.id} did not become leader (${this.node.role})`);
    return this.node.epoch;
  }
}

export function grant(req: Outgoing<'VoteRequest'>, granted = true): Outgoing<'VoteResponse'> {
  return {
    type: 'VoteResponse',
    from: req.to,
    to: req.from,
    requestId: req.requestId,
    errorCode: 0,
    leaderId: -1,
    leaderEpoch: req.preVote ? req.candidateEpoch - 1 : req.candidateEpoch,
    voteGranted: granted,
  };
}

let fetchIds = 1_000_000;

/** A follower's Fetch as `from` would send it. */
export function fetchFrom(from: number, to: number, epoch: number, fetchOffset: number, lastFetchedEpoch: number, maxWaitTicks = 0): Outgoing<'FetchRequest'> {
  return {
    type: 'FetchRequest',
    from,
    to,
    requestId: fetchIds++,
    replicaId: from,
    currentLeaderEpoch: epoch,
    fetchOffset,
    lastFetchedEpoch,
    logStartOffset: 0,
    maxWaitTicks,
    maxBytes: 1 << 20,
  };
}

export function batch(baseOffset: number, epoch: number, ...values: string[]): LogBatch {
  return { baseOffset, epoch, records: values.map((v) => Buffer.from(v)), control: false };
}

/** A storage holding these batches (contiguous from 0) and hard state. */
export function storageWith(batches: LogBatch[], epoch: number, votedId = -1, leaderId = -1): MemoryStorage {
  const s = new MemoryStorage();
  s.append(batches);
  s.setHardState({ epoch, votedId, leaderId });
  return s;
}

export function only<T extends RaftMessage['type']>(messages: RaftMessage[], type: T): Outgoing<T>[] {
  return messages.filter((m): m is Outgoing<T> => m.type === type);
}
