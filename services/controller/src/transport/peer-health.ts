/**
 * What this controller last heard from each other voter over its own requests: when a response
 * last arrived and the last failure. Only for telling a caller why there is no quorum.
 */
export class PeerHealth {
  private readonly peers = new Map<number, { lastOkMs: number; lastError: string | undefined }>();

  constructor(
    peerIds: readonly number[],
    private readonly now: () => number,
  ) {
    for (const id of peerIds) this.peers.set(id, { lastOkMs: -1, lastError: undefined });
  }

  /** A response from it, or a request it sent us. */
  ok(nodeId: number): void {
    const p = this.peers.get(nodeId);
    if (p) {
      p.lastOkMs = this.now();
      p.lastError = undefined;
    }
  }

  failed(nodeId: number, why: string): void {
    const p = this.peers.get(nodeId);
    if (p) p.lastError = why;
  }

  /** Heard from within `withinMs`. */
  recent(nodeId: number, withinMs: number): boolean {
    const p = this.peers.get(nodeId);
    return p !== undefined && p.lastOkMs >= 0 && this.now() - p.lastOkMs <= withinMs;
  }

  /** Peers that did not answer within `withinMs`, with the reason when known. */
  silent(withinMs: number): Array<{ nodeId: number; reason: string }> {
    const now = this.now();
    const out: Array<{ nodeId: number; reason: string }> = [];
    for (const [nodeId, p] of this.peers) {
      if (p.lastOkMs >= 0 && now - p.lastOkMs <= withinMs) continue;
      out.push({ nodeId, reason: p.lastError ?? (p.lastOkMs < 0 ? 'never answered' : `silent for ${now - p.lastOkMs} ms`) });
    }
    return out.sort((a, b) => a.nodeId - b.nodeId);
  }
}
