import { applyBatch, encodeMetadataRecord, type MetadataImage, type MetadataRecord } from '@orderlab/metadata';
import type { LogBatch } from '@orderlab/raft';
import type { Logger } from '@orderlab/shared';
import { ClusterControl, type ControlConfig, type ControlResult } from '../control';
import type { MetadataState } from '../metadata/metadata-state';
import type { RaftDriver } from '../raft/raft-driver';
import { CommitWaiters } from './commit-waiters';
import { ControllerUnavailable, notController, timedOut } from './controller-errors';

/** A decision of the active controller over its working image (see control/). */
export type Decision<R> = (control: ClusterControl, image: MetadataImage, nextOffset: number, nowMs: number) => ControlResult<R>;

export interface ActiveControllerOptions {
  readonly nodeId: number;
  readonly driver: RaftDriver;
  readonly state: MetadataState;
  readonly controlConfig: ControlConfig;
  readonly requestTimeoutMs: number;
  /** How often the periodic work (session expiry, leader rebalance) is checked while active. */
  readonly periodicIntervalMs: number;
  readonly random: () => number;
  readonly newUuid: () => Buffer;
  readonly now: () => number;
  /** What is missing for a quorum, for REQUEST_TIMED_OUT messages. */
  readonly quorumProblem: () => string;
  /** Heard from that voter within the fetch timeout: a leader we follow but cannot reach is probably gone. */
  readonly reachable: (nodeId: number) => boolean;
  readonly logger: Logger;
}

interface Active {
  readonly epoch: number;
  readonly control: ClusterControl;
  /** The committed image plus every record this controller appended since (Kafka's uncommitted state). */
  working: MetadataImage;
}

interface LeaderWaiter {
  readonly resolve: () => void;
  readonly reject: (e: ControllerUnavailable) => void;
}

/**
 * The active controller: only the Raft leader decides and appends. It becomes active once its
 * epoch's LeaderChange record is committed and applied (everything before it is then committed
 * too), builds a fresh ClusterControl over the committed image — every broker gets a full
 * session, as in Kafka — and from then on each request is decided over the working image, its
 * records proposed as one batch and applied to the working image at once, and its answer sent
 * when that batch is committed. Losing leadership throws all of that away: waiting callers get
 * NOT_CONTROLLER. Requests that arrive while no leader is known wait for one (up to their
 * deadline, then REQUEST_TIMED_OUT naming the missing quorum); requests to a follower that knows
 * the leader get NOT_CONTROLLER at once.
 */
export class ActiveController {
  private active: Active | undefined;
  private readonly commits = new CommitWaiters();
  private leaderWaiters: LeaderWaiter[] = [];
  private leaderChangeAppliedInEpoch = -1;
  private periodic: NodeJS.Timeout | undefined;

  constructor(private readonly o: ActiveControllerOptions) {}

  get isActive(): boolean {
    return this.active !== undefined;
  }

  /** Driver hook, inside a Ready (no proposals here): note commits and our LeaderChange. */
  onApplied(batch: LogBatch): void {
    const raft = this.o.driver.raft;
    // Leadership lost in this very Ready: callers learn NOT_CONTROLLER even if another leader
    // commits their records (as Kafka's controller fails its futures when it resigns).
    if (this.active && (raft.role !== 'leader' || raft.epoch !== this.active.epoch)) this.deactivate(`lost leadership (now ${raft.role} in epoch ${raft.epoch})`);
    this.commits.onApplied(batch);
    if (batch.control && batch.epoch === raft.epoch && raft.role === 'leader') this.leaderChangeAppliedInEpoch = batch.epoch;
  }

  /** Driver hook, after advance(): leadership gained or lost. */
  afterReady(): void {
    const raft = this.o.driver.raft;
    if (this.active && (raft.role !== 'leader' || raft.epoch !== this.active.epoch)) this.deactivate(`lost leadership (now ${raft.role} in epoch ${raft.epoch})`);
    if (!this.active && raft.role === 'leader' && this.leaderChangeAppliedInEpoch === raft.epoch) this.activate();
    if (!this.active && this.otherLiveLeader() !== undefined) this.releaseLeaderWaiters(notController(`the active controller is ${raft.leaderId}`));
  }

  /** Decides over the working image, appends the records as one batch and resolves when they are committed. */
  async submit<R>(decide: Decision<R>, timeoutMs?: number): Promise<R> {
    const deadline = this.o.now() + Math.min(timeoutMs && timeoutMs > 0 ? timeoutMs : this.o.requestTimeoutMs, this.o.requestTimeoutMs);
    const a = await this.whenActive(deadline);
    const { target, batch, response } = this.decideAndAppend(a, decide);
    await this.withDeadline(this.commits.wait(target, this.o.state.appliedEnd, batch), deadline);
    return response;
  }

  /** A client connection closed: the core may fence a broker whose heartbeats came on it sooner. */
  connectionClosed(connectionId: number): void {
    this.active?.control.brokerConnectionClosed(connectionId, this.o.now());
  }

  stop(): void {
    this.deactivate('shutting down');
    this.releaseLeaderWaiters(notController('the controller is shutting down'));
  }

  private decideAndAppend<R>(a: Active, decide: Decision<R>): { target: number; batch?: { baseOffset: number; epoch: number }; response: R } {
    const nextOffset = this.o.driver.raft.status().logEndOffset;
    const result = decide(a.control, a.working, nextOffset, this.o.now());
    if (result.records.length === 0) return { target: nextOffset, response: result.response };
    const batch = this.append(a, result.records);
    return { target: batch.baseOffset + result.records.length, batch, response: result.response };
  }

  private append(a: Active, records: readonly MetadataRecord[]): { baseOffset: number; epoch: number } {
    const proposed = this.o.driver.propose(records.map((r) => encodeMetadataRecord(r)));
    if (!proposed.ok) {
      this.deactivate(`the raft log refused the proposal (${proposed.error.code})`);
      throw notController('this controller is no longer the leader');
    }
    a.working = applyBatch(a.working, records, proposed.value.baseOffset, proposed.value.epoch);
    return { baseOffset: proposed.value.baseOffset, epoch: proposed.value.epoch };
  }

  private whenActive(deadline: number): Promise<Active> {
    const raft = this.o.driver.raft;
    if (this.active) return Promise.resolve(this.active);
    if (this.o.state.broken) return Promise.reject(notController(`this controller cannot serve: its metadata replay failed at offset ${this.o.state.broken.offset}`));
    if (this.otherLiveLeader() !== undefined) return Promise.reject(notController(`the active controller is ${raft.leaderId}`));
    const waiting = new Promise<void>((resolve, reject) => this.leaderWaiters.push({ resolve, reject }));
    return this.withDeadline(waiting, deadline).then(() => {
      if (!this.active) throw notController('leadership changed while waiting');
      return this.active;
    });
  }

  /**
   * The leader to send callers to: another node we have heard from lately. A follower keeps
   * naming a leader that died until its fetch timeout (and, with pre-vote, after a failed
   * pre-vote); sending callers there would bounce them between two dead ends, so then they wait.
   */
  private otherLiveLeader(): number | undefined {
    const leaderId = this.o.driver.raft.leaderId;
    return leaderId >= 0 && leaderId !== this.o.nodeId && this.o.reachable(leaderId) ? leaderId : undefined;
  }

  private withDeadline<T>(p: Promise<T>, deadline: number): Promise<T> {
    const ms = Math.max(0, deadline - this.o.now());
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timedOut(this.o.quorumProblem())), ms);
    });
    return Promise.race([p, expired]).finally(() => clearTimeout(timer));
  }

  private activate(): void {
    const raft = this.o.driver.raft;
    if (this.o.state.broken) {
      this.o.logger.error({ epoch: raft.epoch }, 'elected, but the metadata replay is broken: resigning');
      raft.resign();
      return;
    }
    const control = new ClusterControl(this.o.controlConfig, this.o.random, this.o.newUuid);
    const a: Active = { epoch: raft.epoch, control, working: this.o.state.image };
    this.active = a;
    const activation = control.activate(a.working, this.o.now());
    if (activation.records.length > 0) this.append(a, activation.records);
    this.periodic = setInterval(() => this.runPeriodicWork(), this.o.periodicIntervalMs);
    this.o.logger.info({ epoch: a.epoch, brokers: a.working.brokers.size, topics: a.working.topicsById.size }, 'active controller: this node now decides and appends');
    this.releaseLeaderWaiters();
  }

  private deactivate(why: string): void {
    if (this.periodic) clearInterval(this.periodic);
    this.periodic = undefined;
    if (!this.active) return;
    this.o.logger.info({ epoch: this.active.epoch, why, waiting: this.commits.size }, 'no longer the active controller');
    this.active = undefined;
    this.commits.failAll(notController(`the controller ${why} before the records were committed`));
  }

  private releaseLeaderWaiters(e?: ControllerUnavailable): void {
    const waiters = this.leaderWaiters;
    this.leaderWaiters = [];
    for (const w of waiters) {
      if (e) w.reject(e);
      else w.resolve();
    }
  }

  /** Session expiry (one fence per call, until none is due) and the preferred-leader rebalance. */
  private runPeriodicWork(): void {
    const a = this.active;
    if (!a) return;
    try {
      for (;;) {
        const now = this.o.now();
        const due = a.control.nextSessionExpiryMs(a.working);
        if (due === undefined || due > now) break;
        const fenced = a.control.fenceStaleBroker(a.working, now);
        if (fenced.records.length > 0) this.append(a, fenced.records);
        if (fenced.response === null) break;
        const cfg = this.o.controlConfig;
        if (a.control.heartbeats.isDisconnected(fenced.response)) {
          this.o.logger.warn({ brokerId: fenced.response, disconnectGraceMs: cfg.disconnectGraceMs }, 'broker fenced: its heartbeat connection closed and no heartbeat came within the grace');
        } else {
          this.o.logger.warn({ brokerId: fenced.response, sessionTimeoutMs: cfg.sessionTimeoutMs }, 'broker fenced: no heartbeat within the session timeout');
        }
      }
      const balance = a.control.periodicLeaderBalance(a.working, this.o.now());
      if (balance.records.length > 0) {
        this.append(a, balance.records);
        this.o.logger.info({ records: balance.records.length }, 'preferred leaders elected (auto.leader.rebalance.enable)');
      }
    } catch (e) {
      if (e instanceof ControllerUnavailable) return;
      this.o.logger.error({ err: e }, 'periodic controller work failed');
    }
  }
}
