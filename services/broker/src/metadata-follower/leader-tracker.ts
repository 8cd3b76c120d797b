import { reconnectDelayMs, type BackoffPolicy } from '@orderlab/kafka-net';
import type { VoterEndpoint } from './quorum-voters';

export interface KnownLeader {
  readonly leaderId: number;
  readonly epoch: number;
}

/** What changed when the tracker learnt something; the caller logs it. */
export type LeaderEvent = { readonly type: 'leader-changed'; readonly from: KnownLeader; readonly to: KnownLeader } | null;

const UNKNOWN: KnownLeader = { leaderId: -1, epoch: -1 };

/**
 * Which controller a broker talks to (pure: no timers, sockets or randomness inside). The leader is
 * learnt from Fetch's currentLeader (FENCED_LEADER_EPOCH / NOT_LEADER_OR_FOLLOWER answers name it)
 * and only ever moves forward in epoch, so a late answer from a deposed leader cannot send us back.
 * While no leader is known, requests rotate over the voters; every failure in a row grows the
 * backoff (Kafka's reconnect backoff, capped, jittered) until something answers.
 */
export class LeaderTracker {
  private known: KnownLeader = UNKNOWN;
  private rotation = 0;
  private failures = 0;
  private readonly listeners = new Set<(leader: KnownLeader) => void>();

  constructor(
    readonly voters: readonly VoterEndpoint[],
    private readonly backoff: BackoffPolicy = { baseMs: 50, maxMs: 1000, jitter: 0.2 },
  ) {
    if (voters.length === 0) throw new Error('a quorum needs at least one voter');
  }

  get leader(): KnownLeader {
    return this.known;
  }

  /** The voter to send the next request to: the known leader, else the next in rotation. */
  target(): VoterEndpoint {
    const leader = this.voters.find((v) => v.nodeId === this.known.leaderId);
    return leader ?? (this.voters[this.rotation % this.voters.length] as VoterEndpoint);
  }

  /** A response named a leader (leaderId -1: the epoch has none yet). Older epochs are ignored. */
  learn(leaderId: number, epoch: number): LeaderEvent {
    if (epoch < this.known.epoch) return null;
    if (epoch === this.known.epoch && (leaderId === this.known.leaderId || leaderId < 0)) return null;
    const from = this.known;
    this.known = { leaderId: this.voters.some((v) => v.nodeId === leaderId) ? leaderId : -1, epoch };
    if (this.known.leaderId < 0) this.rotation++;
    if (from.leaderId === this.known.leaderId) return null;
    if (this.known.leaderId >= 0) for (const l of [...this.listeners]) l(this.known);
    return { type: 'leader-changed', from, to: this.known };
  }

  /** Called whenever a (new) leader is learnt; returns the unsubscribe. */
  onLeaderLearnt(listener: (leader: KnownLeader) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A request to `nodeId` answered: the failure streak ends. */
  succeeded(): void {
    this.failures = 0;
  }

  /**
   * `nodeId` did not answer, or said it is not the controller: forget it as leader (keeping the
   * epoch, so only a newer one is learnt) and move to the next voter. Returns how long to wait.
   */
  failed(nodeId: number, random: number): number {
    if (this.known.leaderId === nodeId) this.known = { leaderId: -1, epoch: this.known.epoch };
    const index = this.voters.findIndex((v) => v.nodeId === nodeId);
    if (index >= 0 && this.rotation % this.voters.length === index) this.rotation = index + 1;
    this.failures++;
    // The first failure of a streak retries another voter at once when there is one.
    if (this.failures === 1 && this.voters.length > 1) return 0;
    return reconnectDelayMs(this.failures, this.backoff, random);
  }
}
