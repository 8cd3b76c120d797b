/** Quorum maths for a static voter set (etcd's quorum/majority.go, without joint configs). */

/** How many voters make a majority. */
export const majoritySize = (voterCount: number): number => Math.floor(voterCount / 2) + 1;

/**
 * The largest offset that a majority of voters have reached: with the voters' end offsets sorted
 * descending, the one at index majority - 1. Voters with no known offset count as 0.
 */
export function majorityOffset(endOffsets: readonly number[], voterCount: number): number {
  if (voterCount <= 0) return 0;
  const sorted = [...endOffsets];
  while (sorted.length < voterCount) sorted.push(0);
  sorted.sort((a, b) => b - a);
  return sorted[majoritySize(voterCount) - 1]!;
}

export type VoteOutcome = 'won' | 'lost' | 'pending';

/** A ballot over the voter set: each voter answers once; later answers from it are ignored. */
export class VoteTally {
  private readonly granted = new Set<number>();
  private readonly rejected = new Set<number>();

  constructor(private readonly voters: ReadonlySet<number>) {}

  record(voterId: number, granted: boolean): void {
    if (!this.voters.has(voterId) || this.granted.has(voterId) || this.rejected.has(voterId)) return;
    (granted ? this.granted : this.rejected).add(voterId);
  }

  hasAnswered(voterId: number): boolean {
    return this.granted.has(voterId) || this.rejected.has(voterId);
  }

  outcome(): VoteOutcome {
    const need = majoritySize(this.voters.size);
    if (this.granted.size >= need) return 'won';
    if (this.voters.size - this.rejected.size < need) return 'lost';
    return 'pending';
  }

  grantingVoters(): number[] {
    return [...this.granted].sort((a, b) => a - b);
  }
}
