import { InvariantViolation } from '../invariants';
import { baseOptions } from '../swarm';
import type { SimOptions } from '../options';
import { healAll, requireConvergence, scheduleWorkload, verifyOutcome } from '../run';
import type { SimNode } from '../sim-node';
import type { World } from '../world';

/** A named, scripted run on the simulation infrastructure (Kafka's RaftEventSimulationTest list). */
export interface Scenario {
  readonly name: string;
  readonly summary: string;
  readonly options: (seed: number) => SimOptions;
  /** Drives the world and throws InvariantViolation('Scenario', …) when its claim fails; returns committed ids. */
  readonly script: (world: World) => number;
}

export const calm = (voters: number, overrides: Partial<SimOptions> = {}) => (seed: number): SimOptions => ({ ...baseOptions(seed, voters), ...overrides });

export function claim(condition: boolean, message: string): void {
  if (!condition) throw new InvariantViolation('Scenario', message);
}

/** Runs until `condition` or the bound; throws naming `what` when it never holds. */
export function waitFor(world: World, boundMs: number, what: string, condition: () => boolean): void {
  if (!world.runUntil(world.now + boundMs, condition)) throw new InvariantViolation('Scenario', `${what} not within ${boundMs} ms`);
}

export function awaitStableLeader(world: World, boundMs: number, among?: readonly number[]): SimNode {
  waitFor(world, boundMs, 'a stable leader', () => world.stableLeader(among) !== undefined);
  return world.stableLeader(among)!;
}

/** Proposes at the options' rate for `durationMs` from now, and runs that long. */
export function runWorkload(world: World, durationMs: number): void {
  const until = world.now + durationMs;
  scheduleWorkload(world, until);
  world.runUntil(until);
}

/** Heal, converge, verify counts: how every scenario ends. */
export function finish(world: World): number {
  healAll(world);
  requireConvergence(world, world.options.livenessBoundMs);
  return verifyOutcome(world);
}
