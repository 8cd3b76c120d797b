import { awaitStableLeader, calm, claim, finish, runWorkload, waitFor, type Scenario } from './scenario-kit';

/** With the sim timing (10 ms ticks, election timeout 10 ticks) elections settle in a few hundred ms. */
const ELECTION_BOUND_MS = 1500;

export const firstElection: Scenario = {
  name: 'first-election',
  summary: '5 fresh voters elect one leader that everyone follows, and it commits',
  options: calm(5),
  script(world) {
    const leader = awaitStableLeader(world, ELECTION_BOUND_MS);
    claim(leader.epoch <= 3, `first election took ${leader.epoch} epochs`);
    runWorkload(world, 200);
    return finish(world);
  },
};

export const gracefulResignation: Scenario = {
  name: 'leader-resigns-gracefully',
  summary: 'EndQuorumEpoch hands over faster than any election timeout, to the most caught-up voter',
  options: calm(3),
  script(world) {
    const old = awaitStableLeader(world, ELECTION_BOUND_MS);
    runWorkload(world, 200);
    const startedAt = world.now;
    const epoch = old.epoch;
    world.schedule(world.now, old.id, 'resign', () => old.input(() => claim(old.raft.resign(), 'resign() refused on the leader')));
    const next = () => world.stableLeader();
    waitFor(world, ELECTION_BOUND_MS, 'a successor', () => (next()?.epoch ?? 0) > epoch);
    const tookMs = world.now - startedAt;
    const minElectionTimeoutMs = (world.options.timing.electionTimeoutTicks ?? 10) * world.options.tickMs * 0.9;
    claim(tookMs < minElectionTimeoutMs, `handover took ${tookMs.toFixed(0)} ms, not under the election timeout ${minElectionTimeoutMs} ms`);
    return finish(world);
  },
};

export const backToBackFailures: Scenario = {
  name: 'back-to-back-leader-failures',
  summary: 'two leaders in a row are killed as soon as elected; the remaining three elect and keep everything',
  options: calm(5),
  script(world) {
    runWorkload(world, 100);
    const killed: number[] = [];
    for (let i = 0; i < 2; i++) {
      const survivors = world.ids.filter((id) => !killed.includes(id));
      const leader = awaitStableLeader(world, ELECTION_BOUND_MS * 2, survivors);
      runWorkload(world, 50);
      world.crash(leader.id);
      killed.push(leader.id);
    }
    awaitStableLeader(world, ELECTION_BOUND_MS * 2, world.ids.filter((id) => !killed.includes(id)));
    runWorkload(world, 100);
    return finish(world);
  },
};

export const returningNodeDoesNotDisrupt: Scenario = {
  name: 'returning-node-does-not-disrupt',
  summary: 'pre-vote: a follower cut off for many election timeouts comes back without deposing the leader',
  options: calm(3),
  script(world) {
    const leader = awaitStableLeader(world, ELECTION_BOUND_MS);
    const epoch = leader.epoch;
    const away = world.ids.find((id) => id !== leader.id)!;
    world.network.isolate(away, world.ids);
    runWorkload(world, 1000);
    claim(world.nodeById(away).epoch === epoch, `the isolated node moved to epoch ${world.nodeById(away).epoch}: it campaigned without pre-votes`);
    world.network.heal();
    runWorkload(world, 600);
    const after = world.stableLeader();
    claim(after?.id === leader.id && after.epoch === epoch, `leader ${leader.id}/epoch ${epoch} was deposed (now ${after?.id}/${after?.epoch})`);
    return finish(world);
  },
};
