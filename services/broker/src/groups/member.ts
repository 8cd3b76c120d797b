import type { JoinGroupResult, ProtocolOffer, SyncGroupResult } from './types';

/** One member of a classic group, with the callbacks of its parked JoinGroup / SyncGroup. */
export class Member {
  assignment: Buffer = Buffer.alloc(0);
  lastHeartbeat: number;
  joinWaiter: ((r: JoinGroupResult) => void) | null = null;
  syncWaiter: ((r: SyncGroupResult) => void) | null = null;

  constructor(
    public memberId: string,
    readonly groupInstanceId: string | null,
    public clientId: string,
    public clientHost: string,
    public sessionTimeoutMs: number,
    public rebalanceTimeoutMs: number,
    public protocolType: string,
    public protocols: readonly ProtocolOffer[],
    now: number,
  ) {
    this.lastHeartbeat = now;
  }

  get awaitingJoin(): boolean {
    return this.joinWaiter !== null;
  }

  get awaitingSync(): boolean {
    return this.syncWaiter !== null;
  }

  metadataFor(protocol: string): Buffer {
    return this.protocols.find((p) => p.name === protocol)?.metadata ?? Buffer.alloc(0);
  }

  sameProtocols(offers: readonly ProtocolOffer[]): boolean {
    return offers.length === this.protocols.length && offers.every((o, i) => o.name === this.protocols[i]?.name && o.metadata.equals(this.protocols[i]?.metadata ?? Buffer.alloc(0)));
  }

  /**
   * Kafka's hasSatisfiedHeartbeat: a member parked in JoinGroup or SyncGroup cannot heartbeat
   * (its client is blocked on that request), so it is alive by definition; the rebalance
   * timeout, not the session, bounds how long it may stay parked.
   */
  expired(now: number): boolean {
    return !this.awaitingJoin && !this.awaitingSync && now - this.lastHeartbeat > this.sessionTimeoutMs;
  }

  get isStatic(): boolean {
    return this.groupInstanceId !== null;
  }
}
