import type { RunResult } from '../run';
import { runWorld } from '../run';
import { commitOnlyCurrentEpoch, lostUnsynced, lostUnsyncedSendBeforePersist } from './durability';
import { backToBackFailures, firstElection, gracefulResignation, returningNodeDoesNotDisrupt } from './elections';
import { allKilledMajorityRestarted, leaderKilledHard, leaderPartitioned, majorityMinoritySplit, pausedLeader } from './failures';
import type { Scenario } from './scenario-kit';

export type { Scenario };

/** Named scenarios; each must pass on every seed (except the one that demonstrates a driver bug). */
export const SCENARIOS: readonly Scenario[] = [
  firstElection,
  leaderKilledHard,
  gracefulResignation,
  allKilledMajorityRestarted,
  leaderPartitioned,
  majorityMinoritySplit,
  backToBackFailures,
  returningNodeDoesNotDisrupt,
  pausedLeader,
  lostUnsynced,
  commitOnlyCurrentEpoch,
];

/** Demonstrations that the checker catches a broken driver: expected to fail on some seeds. */
export const BROKEN_DRIVER_SCENARIOS: readonly Scenario[] = [lostUnsyncedSendBeforePersist];

export function findScenario(name: string): Scenario | undefined {
  return [...SCENARIOS, ...BROKEN_DRIVER_SCENARIOS].find((s) => s.name === name);
}

export function runScenario(scenario: Scenario, seed: number): RunResult {
  return runWorld(scenario.options(seed), (world) => scenario.script(world));
}
