import type { RaftConfigInput } from '@orderlab/raft';
import type { NetworkFaults } from './sim-network';

export type RaftTiming = Omit<Partial<RaftConfigInput>, 'nodeId' | 'voters' | 'storage' | 'random' | 'logger'>;

/** Mix of faults during the safety phase: relative weights of each action. */
export interface FaultMix {
  readonly meanIntervalMs: number;
  readonly crash: number;
  readonly crashLeader: number;
  readonly crashFollowerThenLeader: number;
  readonly isolate: number;
  readonly split: number;
  readonly oneWay: number;
  readonly pauseLeader: number;
  readonly heal: number;
  /** How long a crashed node stays down, a cut stays cut, a pause lasts (ms). */
  readonly durationMs: readonly [number, number];
}

/** One simulated run, fully determined by these options (drawn from the seed in swarm mode). */
export interface SimOptions {
  readonly seed: number;
  readonly voters: number;
  readonly tickMs: number;
  /** Each node's tick period is tickMs × (1 ± up to clockSkew). */
  readonly clockSkew: number;
  readonly timing: RaftTiming;
  readonly network: NetworkFaults;
  readonly fsyncDelayMs: readonly [number, number];
  readonly snapshotEveryOffsets: number;
  readonly sendBeforePersist: boolean;
  readonly faults: FaultMix;
  readonly proposalIntervalMs: number;
  readonly maxRecordsPerProposal: number;
  /** What nodes apply: a running hash of opaque records, or libs/metadata's image (with metadata records proposed). */
  readonly stateMachine: 'log-hash' | 'metadata';
  /** Faults and workload run this long; then everything heals. */
  readonly safetyMs: number;
  /** After healing, a stable leader and full convergence must come within this (simulated ms). */
  readonly livenessBoundMs: number;
  readonly trace?: (line: string) => void;
}
