import type { Member } from './member';
import type { ProtocolOffer } from './types';

/** Protocol names every member offers (plus the joiner, when given). */
export function commonProtocols(members: Iterable<Member>, joiner?: readonly ProtocolOffer[]): Set<string> {
  let common: Set<string> | null = joiner ? new Set(joiner.map((p) => p.name)) : null;
  for (const m of members) {
    const names = new Set(m.protocols.map((p) => p.name));
    common = common === null ? names : new Set([...common].filter((n) => names.has(n)));
  }
  return common ?? new Set();
}

/**
 * Kafka's vote: each member votes for the first protocol in its own preference order that
 * all members support; the most votes win, ties going to the earliest-listed candidate.
 */
export function selectProtocol(members: readonly Member[]): string | null {
  const candidates = commonProtocols(members);
  if (candidates.size === 0) return null;
  const votes = new Map<string, number>();
  for (const m of members) {
    const choice = m.protocols.find((p) => candidates.has(p.name))?.name;
    if (choice) votes.set(choice, (votes.get(choice) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [name, count] of votes) if (best === null || count > (votes.get(best) ?? 0)) best = name;
  return best;
}
