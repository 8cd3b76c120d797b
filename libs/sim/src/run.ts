import { InvariantViolation } from './invariants';
import { scheduleFaults } from './fault-schedule';
import type { SimOptions } from './options';
import { swarmOptions } from './swarm';
import { World } from './world';

export interface RunStats {
  readonly voters: number;
  readonly events: number;
  readonly simulatedMs: number;
  readonly proposed: number;
  readonly acked: number;
  readonly committedIds: number;
  readonly committedEnd: number;
  readonly messages: number;
  readonly dropped: number;
  readonly elections: number;
  readonly truncations: number;
  readonly snapshotsTaken: number;
  readonly snapshotInstalls: number;
  readonly crashes: number;
  readonly lostWrites: number;
}

export interface RunFailure {
  readonly invariant: string;
  readonly message: string;
  readonly atMs: number;
  readonly recentEvents: readonly string[];
}

export interface RunResult {
  readonly seed: number;
  readonly ok: boolean;
  readonly stats: RunStats;
  readonly failure?: RunFailure;
}

/** Proposals at exponential intervals until `untilMs`. */
export function scheduleWorkload(world: World, untilMs: number): void {
  const next = () => {
    const at = world.now + world.rng.workload.exponential(world.options.proposalIntervalMs);
    if (at >= untilMs) return;
    world.schedule(at, -1, 'propose', () => {
      world.workload.proposeOn(world.nodes);
      next();
    });
  };
  next();
}

/** Ends every fault: links heal, the network turns reliable, paused nodes resume, crashed ones restart. */
export function healAll(world: World): void {
  world.faultsActive = false;
  world.network.heal();
  world.network.faults = { ...world.network.faults, dropRate: 0, duplicateRate: 0 };
  for (const n of world.nodes) {
    world.resume(n.id);
    world.restart(n.id);
  }
}

function describe(world: World): string {
  return world.nodes
    .map((n) => `n${n.id}:${n.up ? `${n.role} e${n.epoch} leader=${n.raft.leaderId} hw=${n.highWatermark} applied=${n.appliedEnd()} end=${n.log.endOffset()}` : 'down'}`)
    .join('; ');
}

/**
 * Liveness: after healing, one leader everybody follows must emerge within the bound, commit a
 * probe proposal, and every node must apply everything up to the leader's log end.
 */
export function requireConvergence(world: World, boundMs: number): void {
  const deadline = world.now + boundMs;
  let probe: { id: string; leader: number; epoch: number } | undefined;
  const converged = () => {
    const leader = world.stableLeader();
    if (!leader) return false;
    if (!probe || probe.leader !== leader.id || probe.epoch !== leader.epoch) {
      const id = world.workload.newId();
      probe = { id, leader: leader.id, epoch: leader.epoch };
      world.schedule(world.now, leader.id, 'probe', () => world.workload.propose(leader, id, world.workload.recordsFor(id, leader, 1)));
      return false;
    }
    if (!world.workload.acked.has(probe.id)) return false;
    const end = leader.log.endOffset();
    return leader.highWatermark === end && world.nodes.every((n) => n.appliedEnd() === end);
  };
  if (!world.runUntil(deadline, converged)) {
    throw new InvariantViolation('Liveness', `no convergence within ${boundMs} ms after healing: ${describe(world)}`);
  }
}

/** Final counts: the committed log holds every acknowledged proposal once, and nodes agree on it. */
export function verifyOutcome(world: World): number {
  const { ids } = world.workload.verifyCommitted(world.checker.committed());
  const digests = new Set(world.nodes.map((n) => n.sm.digest()));
  if (digests.size !== 1) throw new InvariantViolation('StateMachineAgreement', `final digests differ: ${[...digests].join(' ')}`);
  return ids;
}

function statsOf(world: World, committedIds: number): RunStats {
  return {
    voters: world.ids.length,
    events: world.events,
    simulatedMs: Math.round(world.now),
    proposed: world.workload.proposed,
    acked: world.workload.acked.size,
    committedIds,
    committedEnd: world.checker.committedEnd,
    messages: world.network.sent,
    dropped: world.network.dropped,
    elections: world.checker.elections(),
    ...world.counts,
  };
}

/** Runs a world through `script` and turns any violation (or crash of the code under test) into a result. */
export function runWorld(options: SimOptions, script: (world: World) => number): RunResult {
  const world = new World(options);
  try {
    const ids = script(world);
    return { seed: options.seed, ok: true, stats: statsOf(world, ids) };
  } catch (e) {
    const invariant = e instanceof InvariantViolation ? e.invariant : 'Exception';
    const message = e instanceof Error ? (e instanceof InvariantViolation ? e.message : (e.stack ?? e.message)) : String(e);
    return { seed: options.seed, ok: false, stats: statsOf(world, 0), failure: { invariant, message, atMs: world.now, recentEvents: [...world.recentEvents()] } };
  }
}

/** The swarm run: faults and workload, then heal, converge and verify. */
export function runSimulation(options: SimOptions): RunResult {
  return runWorld(options, (world) => {
    scheduleWorkload(world, options.safetyMs);
    scheduleFaults(world, options.faults, options.safetyMs);
    world.runUntil(options.safetyMs);
    healAll(world);
    requireConvergence(world, options.livenessBoundMs);
    return verifyOutcome(world);
  });
}

export const runSeed = (seed: number, overrides: Partial<SimOptions> = {}): RunResult => runSimulation({ ...swarmOptions(seed), ...overrides });

export const replayCommand = (seed: number): string => `npm run sim -- --seed ${seed}`;
