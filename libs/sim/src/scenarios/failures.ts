import type { SimNode } from '../sim-node';
import type { World } from '../world';
import { awaitStableLeader, calm, claim, finish, runWorkload, waitFor, type Scenario } from './scenario-kit';

const BOUND_MS = 2000;

export const leaderKilledHard: Scenario = {
  name: 'leader-killed-hard',
  summary: 'SIGKILL of the leader: the others elect a new one in a higher epoch and lose nothing acknowledged',
  options: calm(3),
  script(world) {
    const old = awaitStableLeader(world, BOUND_MS);
    runWorkload(world, 300);
    world.crash(old.id);
    const survivors = world.ids.filter((id) => id !== old.id);
    const next = awaitStableLeader(world, BOUND_MS, survivors);
    claim(next.epoch > old.epoch, 'new leader is not in a higher epoch');
    runWorkload(world, 300);
    return finish(world);
  },
};

export const allKilledMajorityRestarted: Scenario = {
  name: 'all-killed-majority-restarted',
  summary: 'every voter killed, then only a majority restarted: it elects and keeps every acknowledged proposal',
  options: calm(5),
  script(world) {
    awaitStableLeader(world, BOUND_MS);
    runWorkload(world, 300);
    const acked = world.workload.acked.size;
    claim(acked > 0, 'nothing was acknowledged before the crash');
    for (const id of world.ids) world.crash(id);
    world.runUntil(world.now + 100);
    const majority = world.ids.slice(0, 3);
    for (const id of majority) world.restart(id);
    awaitStableLeader(world, BOUND_MS, majority);
    runWorkload(world, 200);
    return finish(world);
  },
};

export const leaderPartitioned: Scenario = {
  name: 'leader-partitioned-away',
  summary: 'the isolated leader resigns by check-quorum within 1.5 × fetch timeout; the rest elects; after healing it follows',
  options: calm(3),
  script(world) {
    const old = awaitStableLeader(world, BOUND_MS);
    runWorkload(world, 200);
    world.network.isolate(old.id, world.ids);
    const cutAt = world.now;
    const fetchTimeoutMs = (world.options.timing.fetchTimeoutTicks ?? 20) * world.options.tickMs;
    waitFor(world, BOUND_MS, 'check-quorum resignation', () => old.role !== 'leader');
    const tookMs = world.now - cutAt;
    claim(tookMs <= fetchTimeoutMs * 1.5 * 1.35 + 20, `the isolated leader took ${tookMs.toFixed(0)} ms to resign`);
    awaitStableLeader(world, BOUND_MS, world.ids.filter((id) => id !== old.id));
    runWorkload(world, 200);
    return finish(world);
  },
};

export const majorityMinoritySplit: Scenario = {
  name: 'majority-minority-split',
  summary: 'the leader ends up in a minority of 2 of 5: nothing it accepts commits; the majority elects and commits',
  options: calm(5),
  script(world) {
    const old = awaitStableLeader(world, BOUND_MS);
    runWorkload(world, 200);
    const minority = [old.id, world.ids.find((id) => id !== old.id)!];
    const majority = world.ids.filter((id) => !minority.includes(id));
    world.network.split(minority, majority);
    const before = world.workload.acked.size;
    const stranded = proposeOn(world, old, 5);
    awaitStableLeader(world, BOUND_MS, majority);
    runWorkload(world, 300);
    claim(world.workload.acked.size > before, 'the majority committed nothing');
    const ids = finish(world);
    claim(stranded.every((id) => !world.workload.acked.has(id)), 'a proposal accepted by the minority leader was acknowledged');
    return ids;
  },
};

/** Proposes `n` batches directly on `node`; returns their ids. */
export function proposeOn(world: World, node: SimNode, n: number): string[] {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = world.workload.newId();
    ids.push(id);
    world.schedule(world.now, node.id, 'propose', () => world.workload.propose(node, id, world.workload.recordsFor(id, node, 1)));
  }
  return ids;
}

export const pausedLeader: Scenario = {
  name: 'paused-leader',
  summary: 'SIGSTOP of the leader past an election, then SIGCONT: it steps down and nothing it sends in its old epoch is accepted',
  options: calm(3),
  script(world) {
    const old = awaitStableLeader(world, BOUND_MS);
    runWorkload(world, 200);
    const oldEpoch = old.epoch;
    const endAtPause = old.log.endOffset();
    world.pause(old.id);
    awaitStableLeader(world, BOUND_MS, world.ids.filter((id) => id !== old.id));
    runWorkload(world, 100);
    const acceptedFromOldEpoch: string[] = [];
    world.appendObservers.push((node, batches) => {
      if (node.id !== old.id && batches.some((b) => b.epoch === oldEpoch && b.baseOffset >= endAtPause)) acceptedFromOldEpoch.push(`node ${node.id}`);
    });
    world.resume(old.id);
    const stale = proposeOn(world, old, 3);
    waitFor(world, BOUND_MS, 'the resumed leader stepping down', () => old.role !== 'leader' || old.epoch > oldEpoch);
    claim(acceptedFromOldEpoch.length === 0, `old-epoch records accepted by ${acceptedFromOldEpoch.join(', ')}`);
    const ids = finish(world);
    claim(stale.every((id) => !world.workload.acked.has(id)), 'a proposal made on the stale leader was acknowledged');
    return ids;
  },
};
