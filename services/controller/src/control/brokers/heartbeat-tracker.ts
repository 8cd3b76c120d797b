import type { MetadataImage } from '@orderlab/metadata';

interface BrokerSession {
  lastContactMs: number;
  /** The metadata offset the broker last reported (-1 before its first heartbeat). */
  metadataOffset: number;
  /** The offset its controlled shutdown completes at, or -1 when it is not shutting down. */
  controlledShutdownOffset: number;
}

/**
 * Kafka's BrokerHeartbeatManager: the active controller's in-memory view of broker sessions.
 * Nothing here is in the log — a new active controller starts with every registered broker
 * given a fresh session (activate), exactly as Kafka does. Fenced / unfenced comes from the
 * image; this adds when each broker was last heard from, how far it has read the log, and
 * whether it is in a controlled shutdown. Time is the `nowMs` passed in.
 */
export class HeartbeatTracker {
  private readonly sessions = new Map<number, BrokerSession>();

  constructor(private readonly sessionTimeoutMs: number) {}

  /** On becoming the active controller: every registered broker gets a full session from now. */
  activate(image: MetadataImage, nowMs: number): void {
    this.sessions.clear();
    for (const brokerId of image.brokers.keys()) this.register(brokerId, nowMs);
  }

  /** A (re)registration: a new session; a new incarnation also forgets the old one's progress. */
  register(brokerId: number, nowMs: number, newIncarnation = false): void {
    const existing = this.sessions.get(brokerId);
    if (existing && !newIncarnation) {
      existing.lastContactMs = nowMs;
      return;
    }
    this.sessions.set(brokerId, { lastContactMs: nowMs, metadataOffset: -1, controlledShutdownOffset: -1 });
  }

  /** A heartbeat was processed; a fenced broker leaves controlled shutdown (it will be told to stop). */
  touch(brokerId: number, nowMs: number, metadataOffset: number, fenced: boolean): void {
    const s = this.session(brokerId, nowMs);
    s.lastContactMs = nowMs;
    s.metadataOffset = metadataOffset;
    if (fenced) s.controlledShutdownOffset = -1;
  }

  /** Kafka's hasValidSession: unfenced and heard from within the session timeout. */
  hasValidSession(image: MetadataImage, brokerId: number, nowMs: number): boolean {
    const s = this.sessions.get(brokerId);
    const b = image.brokers.get(brokerId);
    return s !== undefined && b !== undefined && !b.fenced && s.lastContactMs + this.sessionTimeoutMs >= nowMs;
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

  /** The unfenced broker heard from longest ago whose session has expired, if any (Kafka fences one at a time). */
  staleBroker(image: MetadataImage, nowMs: number): number | undefined {
    let stalest: { brokerId: number; lastContactMs: number } | undefined;
    for (const [brokerId, s] of this.sessions) {
      if (image.brokers.get(brokerId)?.fenced !== false || s.lastContactMs + this.sessionTimeoutMs >= nowMs) continue;
      if (!stalest || s.lastContactMs < stalest.lastContactMs) stalest = { brokerId, lastContactMs: s.lastContactMs };
    }
    return stalest?.brokerId;
  }

  /** When the next session can expire (for the driver's timer), or undefined when no unfenced broker has a session. */
  nextExpiryMs(image: MetadataImage): number | undefined {
    let next: number | undefined;
    for (const [brokerId, s] of this.sessions) {
      if (image.brokers.get(brokerId)?.fenced !== false) continue;
      const at = s.lastContactMs + this.sessionTimeoutMs + 1;
      if (next === undefined || at < next) next = at;
    }
    return next;
  }

  private session(brokerId: number, nowMs: number): BrokerSession {
    let s = this.sessions.get(brokerId);
    if (!s) {
      s = { lastContactMs: nowMs, metadataOffset: -1, controlledShutdownOffset: -1 };
      this.sessions.set(brokerId, s);
    }
    return s;
  }
}
