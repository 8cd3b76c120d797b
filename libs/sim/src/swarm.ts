import { Rng } from './rng';
import type { SimOptions } from './options';

/** Raft timing for the simulation: a 10 ms tick, so Kafka's ratios at a tenth of the scale. */
export const SIM_TIMING = {
  electionTimeoutTicks: 10,
  fetchTimeoutTicks: 20,
  requestTimeoutTicks: 10,
  electionBackoffMaxTicks: 8,
  retryBackoffTicks: 1,
  fetchMaxWaitTicks: 5,
  maxFetchBytes: 2048,
  maxCommittedBytesPerReady: 4096,
} as const;

/** Calm defaults that scenarios start from and override. */
export function baseOptions(seed: number, voters: number): SimOptions {
  return {
    seed,
    voters,
    tickMs: 10,
    clockSkew: 0.05,
    timing: { ...SIM_TIMING, maxSnapshotChunkBytes: 16 },
    network: { minDelayMs: 1, meanExtraDelayMs: 2, dropRate: 0, duplicateRate: 0 },
    fsyncDelayMs: [0.2, 2],
    snapshotEveryOffsets: 0,
    sendBeforePersist: false,
    faults: { meanIntervalMs: 1e9, crash: 0, crashLeader: 0, crashFollowerThenLeader: 0, isolate: 0, split: 0, oneWay: 0, pauseLeader: 0, heal: 0, durationMs: [50, 300] },
    proposalIntervalMs: 20,
    maxRecordsPerProposal: 3,
    stateMachine: 'log-hash',
    safetyMs: 1500,
    livenessBoundMs: 4000,
  };
}

/**
 * Swarm testing (TigerBeetle's options_swarm): each seed draws its own cluster size and fault
 * rates, so the seeds between them explore calm and hostile worlds alike.
 */
export function swarmOptions(seed: number, machine?: SimOptions['stateMachine']): SimOptions {
  const r = new Rng(seed).fork('swarm');
  const base = baseOptions(seed, r.pick([1, 3, 3, 5, 5]));
  const w = () => (r.chance(0.3) ? 0 : r.next());
  const drawn: SimOptions = {
    ...base,
    clockSkew: r.next() * 0.3,
    timing: { ...base.timing, maxSnapshotChunkBytes: r.pick([7, 64, 4096]), maxFetchBytes: r.pick([300, 1000, 4096]) },
    network: {
      minDelayMs: 0.5 + r.next() * 1.5,
      meanExtraDelayMs: 0.5 + r.next() * 8,
      dropRate: r.chance(0.3) ? 0 : r.next() * 0.15,
      duplicateRate: r.chance(0.4) ? 0 : r.next() * 0.08,
    },
    // A quarter of the seeds get slow disks: long unsynced windows that crashes can hit.
    fsyncDelayMs: r.chance(0.25) ? [5, 10 + r.next() * 25] : [0.1, 0.5 + r.next() * 4],
    snapshotEveryOffsets: r.pick([0, 6, 20, 60]),
    faults: {
      meanIntervalMs: 40 + r.next() * 260,
      crash: w(),
      crashLeader: w(),
      crashFollowerThenLeader: w(),
      isolate: w(),
      split: w(),
      oneWay: w(),
      pauseLeader: w(),
      heal: 0.2 + r.next(),
      durationMs: [20, 100 + r.next() * 500],
    },
    proposalIntervalMs: 4 + r.next() * 30,
  };
  // Drawn last, so every other option of a seed is what it was before metadata joined the swarm.
  // Metadata records are tens of bytes, not a short tag, and snapshots kilobytes, not a hash: byte
  // limits scale up so catching up takes as many round trips as with the log hash.
  const metadata = r.chance(0.5);
  if ((machine ?? (metadata ? 'metadata' : 'log-hash')) === 'log-hash') return drawn;
  const t = drawn.timing;
  const timing = { ...t, maxSnapshotChunkBytes: (t.maxSnapshotChunkBytes ?? 64) * 64, maxFetchBytes: (t.maxFetchBytes ?? 1000) * 16, maxCommittedBytesPerReady: (t.maxCommittedBytesPerReady ?? 4096) * 16 };
  // A proposal is ~5 records here, not ~2: snapshots every 4× the offsets keep their count per run.
  return { ...drawn, stateMachine: 'metadata', timing, snapshotEveryOffsets: drawn.snapshotEveryOffsets * 4 };
}
