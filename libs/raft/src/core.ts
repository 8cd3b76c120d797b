import type { Logger } from '@orderlab/shared';
import type { ResolvedConfig } from './config';
import { RaftLog } from './log/raft-log';
import type { RaftMessage, RaftRequest, RaftResponse } from './messages';
import type { RoleState } from './roles/role-state';
import { NO_REPLICA, type HardState } from './types';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A message as the core builds it; send() fills in `from`. */
export type Outgoing = DistributiveOmit<RaftMessage, 'from'>;
export type RequestBody = DistributiveOmit<RaftRequest, 'from' | 'requestId'>;
export type ResponseBody = DistributiveOmit<RaftResponse, 'from' | 'to' | 'requestId'>;

/**
 * All protocol state of one node, in one owner. Roles and handlers are functions over it; the
 * public API (RaftNode) wraps it. Nothing here reads a clock, a socket or Math.random.
 */
export class RaftCore {
  readonly id: number;
  readonly config: ResolvedConfig;
  readonly logger: Logger;
  readonly voters: readonly number[];
  readonly voterSet: ReadonlySet<number>;
  readonly otherVoters: readonly number[];
  readonly log: RaftLog;

  // Hard state (durable once the Ready carrying it is persisted).
  epoch: number;
  votedId: number;
  leaderId: number;

  state!: RoleState;
  /** Ticks since this node started. */
  now = 0;
  /** Committed offset (exclusive); never decreases. */
  highWatermark: number;
  /** Everything below was handed to the driver in `committed`. */
  appliedOffset: number;
  outbox: RaftMessage[] = [];
  private nextRequestId = 1;

  constructor(config: ResolvedConfig) {
    this.config = config;
    this.id = config.nodeId;
    this.logger = config.logger;
    this.voters = [...config.voters].sort((a, b) => a - b);
    this.voterSet = new Set(this.voters);
    this.otherVoters = this.voters.filter((v) => v !== this.id);
    this.log = new RaftLog(config.storage);
    const hs = config.storage.initialHardState();
    this.epoch = hs.epoch;
    this.votedId = hs.votedId;
    this.leaderId = hs.leaderId;
    const start = config.storage.snapshot()?.endOffset ?? this.log.startOffset();
    this.appliedOffset = Math.max(config.appliedOffset ?? start, this.log.startOffset());
    this.highWatermark = this.appliedOffset;
  }

  hardState(): HardState {
    return { epoch: this.epoch, votedId: this.votedId, leaderId: this.leaderId };
  }

  isVoter(id: number): boolean {
    return this.voterSet.has(id);
  }

  /**
   * The leader as others are told: a resigned leader no longer leads, and a prospective only
   * remembers a leader it lost (telling others would pull them back to it).
   */
  advertisedLeader(): number {
    return this.state.role === 'resigned' || this.state.role === 'prospective' ? NO_REPLICA : this.leaderId;
  }

  send(message: Outgoing): void {
    // The literal is freshly built by the caller: completing it in place saves a copy per message.
    (message as unknown as { from: number }).from = this.id;
    this.outbox.push(message as RaftMessage);
  }

  /** Sends a request with a fresh requestId, which it returns. */
  request(body: RequestBody): number {
    const requestId = this.nextRequestId++;
    (body as unknown as { requestId: number }).requestId = requestId;
    this.send(body as unknown as Outgoing);
    return requestId;
  }

  respond(to: RaftRequest, body: ResponseBody): void {
    const m = body as unknown as { to: number; requestId: number };
    m.to = to.from;
    m.requestId = to.requestId;
    this.send(body as unknown as Outgoing);
  }

  randomElectionTimeout(): number {
    const t = this.config.electionTimeoutTicks;
    return t + Math.floor(this.config.random() * t);
  }

  randomBackoff(): number {
    return 1 + Math.floor(this.config.random() * this.config.electionBackoffMaxTicks);
  }

  raiseHighWatermark(hw: number): boolean {
    if (hw <= this.highWatermark) return false;
    this.highWatermark = hw;
    return true;
  }
}
