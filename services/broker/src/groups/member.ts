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

  metadataFor(protocol: string): Buffer {
    return this.protocols.find((p) => p.name === protocol)?.metadata ?? Buffer.alloc(0);
  }

  sameProtocols(offers: readonly ProtocolOffer[]): boolean {
    return offers.length === this.protocols.length && offers.every((o, i) => o.name === this.protocols[i]?.name && o.metadata.equals(this.protocols[i]?.metadata ?? Buffer.alloc(0)));
  }

  /** Kafka's session check: a member parked in JoinGroup is alive by definition. */
  expired(now: number): boolean {
    return !this.awaitingJoin && now - this.lastHeartbeat > this.sessionTimeoutMs;
  }
}
