import type { MetadataImage } from '@orderlab/metadata';

interface BrokerSession {
  lastContactMs: number;
  /** The metadata offset the broker last reported (-1 before its first heartbeat). */
  metadataOffset: number;
  /** The offset its controlled shutdown completes at, or -1 when it is not shutting down. */
  controlledShutdownOffset: number;
  /** The connection its last heartbeat came on (-1: none known, e.g. right after activate). */
  connectionId: number;
  /** When that connection closed with no heartbeat since, or -1. */
  disconnectedAtMs: number;
}

const NO_CONNECTION = { connectionId: -1, disconnectedAtMs: -1 };

/**
 * Kafka's BrokerHeartbeatManager: the active controller's in-memory view of broker sessions.
 * Nothing here is in the log — a new active controller starts with every registered broker
 * given a fresh session (activate), exactly as Kafka does. Fenced / unfenced comes from the
 * image; this adds when each broker was last heard from, how far it has read the log, and
 * whether it is in a controlled shutdown. Time is the `nowMs` passed in.
 *
 * Beyond Kafka: a session also expires `disconnectGraceMs` after the connection that carried the
 * broker's last heartbeat closed, unless a heartbeat arrives meanwhile. The kernel closes a
 * killed process's sockets at once, so a SIGKILLed broker is fenced after the grace instead of
 * the whole session timeout; a paused (SIGSTOP) or cut-off broker keeps its connection open and
 * still gets the full session. The grace covers a live broker whose connection merely dropped:
 * it reconnects and heartbeats within an interval, so the grace must be ≥ 2 heartbeat intervals.
 */
export class HeartbeatTracker {
  private readonly sessions = new Map<number, BrokerSession>();

  constructor(
    private readonly sessionTimeoutMs: number,
    private readonly disconnectGraceMs: number = sessionTimeoutMs,
  ) {}

  /** On becoming the active controller: every registered broker gets a full session from now. */
  activate(image: MetadataImage, nowMs: number): void {
    this.sessions.clear();
    for (const brokerId of image.brokers.keys()) this.register(brokerId, nowMs);
  }

  /** A (re)registration: a new session; a new incarnation also forgets the old one's progress. */
  register(brokerId: number, nowMs: number, newIncarnation = false): void {
    const existing = this.sessions.get(brokerId);
    if (existing && !newIncarnation) {
      Object.assign(existing, { lastContactMs: nowMs }, NO_CONNECTION);
      return;
    }
    this.sessions.set(brokerId, { lastContactMs: nowMs, metadataOffset: -1, controlledShutdownOffset: -1, ...NO_CONNECTION });
  }

  /**
   * A heartbeat was processed, on connection `connectionId` (-1: unknown); a fenced broker leaves
   * controlled shutdown (it will be told to stop).
   */
  touch(brokerId: number, nowMs: number, metadataOffset: number, fenced: boolean, connectionId = -1): void {
    const s = this.session(brokerId, nowMs);
    s.lastContactMs = nowMs;
    s.metadataOffset = metadataOffset;
    s.connectionId = connectionId;
    s.disconnectedAtMs = -1;
    if (fenced) s.controlledShutdownOffset = -1;
  }

  /** A client connection closed: brokers whose last heartbeat came on it expire after the grace. */
  connectionClosed(connectionId: number, nowMs: number): void {
    if (connectionId < 0) return;
    for (const s of this.sessions.values()) {
      if (s.connectionId !== connectionId) continue;
      s.connectionId = -1;
      s.disconnectedAtMs = nowMs;
    }
  }

  /** Its heartbeat connection closed and it has not heartbeated since (for the log: why it was fenced). */
  isDisconnected(brokerId: number): boolean {
    return (this.sessions.get(brokerId)?.disconnectedAtMs ?? -1) >= 0;
  }

  /** Kafka's hasValidSession: unfenced and heard from within the session timeout. */
  hasValidSession(image: MetadataImage, brokerId: number, nowMs: number): boolean {
    const s = this.sessions.get(brokerId);
    const b = image.brokers.get(brokerId);
    return s !== undefined && b !== undefined && !b.fenced && this.lastValidMs(s) >= nowMs;
  }

  isShuttingDown(brokerId: number): boolean {
    return (this.sessions.get(brokerId)?.controlledShutdownOffset ?? -1) >= 0;
  }

  /** Only the first call sets it: the shutdown completes once every active broker has read up to `offset`. */
  beginControlledShutdown(brokerId: number, offset: number, nowMs: number): void {
    const s = this.session(brokerId, nowMs);
    if (s.controlledShutdownOffset < 0) s.controlledShutdownOffset = offset;
  }

  controlledShutdownOffset(brokerId: number): number {
    return this.sessions.get(brokerId)?.controlledShutdownOffset ?? -1;
  }

  /** The lowest metadata offset among active brokers (unfenced, not shutting down); MAX when there are none. */
  lowestActiveOffset(image: MetadataImage): number {
    let lowest = Number.MAX_SAFE_INTEGER;
    for (const [brokerId, s] of this.sessions) {
      const b = image.brokers.get(brokerId);
      if (b && !b.fenced && s.controlledShutdownOffset < 0) lowest = Math.min(lowest, s.metadataOffset);
    }
    return lowest;
  }

  /** The unfenced broker whose session expired first, if any (Kafka fences one at a time, longest silent first). */
  staleBroker(image: MetadataImage, nowMs: number): number | undefined {
    let stalest: { brokerId: number; validUntil: number } | undefined;
    for (const [brokerId, s] of this.sessions) {
      const validUntil = this.lastValidMs(s);
      if (image.brokers.get(brokerId)?.fenced !== false || validUntil >= nowMs) continue;
      if (!stalest || validUntil < stalest.validUntil) stalest = { brokerId, validUntil };
    }
    return stalest?.brokerId;
  }

  /** When the next session can expire (for the driver's timer), or undefined when no unfenced broker has a session. */
  nextExpiryMs(image: MetadataImage): number | undefined {
    let next: number | undefined;
    for (const [brokerId, s] of this.sessions) {
      if (image.brokers.get(brokerId)?.fenced !== false) continue;
      const at = this.lastValidMs(s) + 1;
      if (next === undefined || at < next) next = at;
    }
    return next;
  }

  /** The last instant the session is valid: the session timeout, or the grace after a lost connection if sooner. */
  private lastValidMs(s: BrokerSession): number {
    const bySession = s.lastContactMs + this.sessionTimeoutMs;
    return s.disconnectedAtMs < 0 ? bySession : Math.min(bySession, s.disconnectedAtMs + this.disconnectGraceMs);
  }

  private session(brokerId: number, nowMs: number): BrokerSession {
    let s = this.sessions.get(brokerId);
    if (!s) {
      s = { lastContactMs: nowMs, metadataOffset: -1, controlledShutdownOffset: -1, ...NO_CONNECTION };
      this.sessions.set(brokerId, s);
    }
    return s;
  }
}
