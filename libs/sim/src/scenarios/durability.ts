import type { SimOptions } from '../options';
import type { SimNode } from '../sim-node';
import type { World } from '../world';
import { awaitStableLeader, calm, claim, finish, runWorkload, waitFor, type Scenario } from './scenario-kit';

const BOUND_MS = 2000;

/**
 * Kafka's "one node loses its unsynced data". Slow disks; the leader replicates to one follower
 * only (the other is cut off), so every commit rests on that follower's fetch offsets. The
 * follower then loses all unsynced writes in a crash while the leader is cut off, and it must
 * elect a leader with the other follower. With persist-before-send its fetch offsets were
 * durable, so it still holds every committed record; a driver that sends first is caught.
 */
function lostUnsyncedData(sendBeforePersist: boolean): Scenario {
  return {
    name: sendBeforePersist ? 'lost-unsynced-data-send-before-persist' : 'lost-unsynced-data',
    summary: sendBeforePersist
      ? 'the same with a driver that sends before fsync: the checker must catch a lost committed record'
      : 'a follower crashes and loses every unsynced write; nothing committed is lost',
    options: calm(3, { fsyncDelayMs: [15, 30], sendBeforePersist, proposalIntervalMs: 5 }),
    script(world) {
      const leader = awaitStableLeader(world, BOUND_MS * 2);
      const [f1, f2] = world.ids.filter((id) => id !== leader.id).map((id) => world.nodeById(id)) as [SimNode, SimNode];
      world.network.isolate(f2.id, world.ids);
      const until = world.now + 600;
      runWorkloadUntil(world, until, () => leader.highWatermark > f1.disk.durableEndOffset() || (world.now > until - 300 && f1.disk.hasUnsynced()));
      world.crash(f1.id, true);
      world.network.heal();
      world.network.isolate(leader.id, world.ids);
      world.runUntil(world.now + 20);
      world.restart(f1.id);
      awaitStableLeader(world, BOUND_MS * 2, [f1.id, f2.id]);
      return finish(world);
    },
  };
}

function runWorkloadUntil(world: World, untilMs: number, stop: () => boolean): void {
  const start = world.now;
  const next = () => {
    const at = world.now + world.rng.workload.exponential(world.options.proposalIntervalMs);
    if (at < untilMs) world.schedule(at, -1, 'propose', () => (world.workload.proposeOn(world.nodes), next()));
  };
  next();
  world.runUntil(untilMs, () => world.now > start && stop());
}

export const lostUnsynced = lostUnsyncedData(false);
export const lostUnsyncedSendBeforePersist = lostUnsyncedData(true);

/**
 * Raft's Figure 8 in KRaft's terms: only records of the leader's own epoch may move the high
 * watermark (KIP-595: it must pass the epoch start). An old-epoch record replicated to a
 * majority by a later leader is not yet committed — a leader of a still later epoch may
 * legitimately overwrite it. A leader that counted it as committed is caught by the checker.
 */
export const commitOnlyCurrentEpoch: Scenario = {
  name: 'commit-only-current-epoch',
  summary: "Figure 8: an old-epoch record on a majority is not committed until the leader's epoch start is",
  options: (seed: number): SimOptions => ({ ...calm(5)(seed), timing: { ...calm(5)(seed).timing, maxFetchBytes: 1 } }),
  script(world) {
    const a = awaitStableLeader(world, BOUND_MS);
    runWorkload(world, 100);
    waitFor(world, BOUND_MS, 'followers caught up', () => world.nodes.every((n) => n.appliedEnd() === a.log.endOffset()));
    const b = world.nodeById(world.ids.find((id) => id !== a.id)!);
    const others = world.ids.filter((id) => id !== a.id && id !== b.id);
    // 1. a (epoch E1) writes X, which only b receives.
    world.network.split([a.id, b.id], others);
    const x = proposeOne(world, a);
    waitFor(world, BOUND_MS, 'X on b', () => b.log.endOffset() > x);
    // 2. a dies; one of the others (without X) wins epoch E2 and is cut off before telling anyone.
    world.crash(a.id);
    world.network.heal();
    world.network.isolate(b.id, world.ids);
    waitFor(world, BOUND_MS * 2, 'a leader without X', () => world.anyLeader(others) !== undefined);
    const e = world.anyLeader(others)!;
    world.network.isolate(e.id, world.ids);
    world.crash(e.id);
    // 3. a returns and (with b) wins epoch E3; its followers fetch X, but its LeaderChange (the
    //    epoch start) never leaves it. A majority now holds X, an epoch-E1 record.
    world.network.heal();
    world.network.isolate(e.id, world.ids);
    world.restart(a.id);
    const rest = world.ids.filter((id) => id !== e.id);
    waitFor(world, BOUND_MS * 2, 'a leader of a third epoch', () => world.anyLeader(rest) !== undefined);
    const leader3 = world.anyLeader(rest)!;
    world.network.dropMatching((m) => m.from === leader3.id && m.type === 'FetchResponse' && m.records.some((b) => b.epoch === leader3.epoch));
    waitFor(world, BOUND_MS, 'X on a majority', () => rest.filter((id) => world.nodeById(id).log.endOffset() > x).length >= 3);
    world.runUntil(world.now + 100);
    // 4. The E3 leader dies and only e can reach the others: e (epoch E2 beats E1) wins and
    //    overwrites X — fine only because X was never committed.
    world.crash(leader3.id);
    world.network.heal();
    const voters = rest.filter((id) => id !== leader3.id);
    for (const p of voters) for (const q of voters) if (p !== q) world.network.cutLink(p, q);
    world.restart(e.id);
    world.runUntil(world.now + 1000);
    return finish(world);
  },
};

/** One single-record proposal on `node`; returns its offset once accepted. */
function proposeOne(world: World, node: SimNode): number {
  const id = world.workload.newId();
  let offset = -1;
  node.input(() => {
    const r = node.raft.propose(world.workload.recordsFor(id, node, 1));
    claim(r.ok, `proposal on ${node.id} refused`);
    if (r.ok) offset = r.value.baseOffset;
  });
  waitFor(world, 100, 'the proposal accepted', () => offset >= 0);
  return offset;
}
