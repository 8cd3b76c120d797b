import type { FaultMix } from './options';
import type { World } from './world';

type FaultName = Exclude<keyof FaultMix, 'meanIntervalMs' | 'durationMs'>;
const FAULTS: readonly FaultName[] = ['crash', 'crashLeader', 'crashFollowerThenLeader', 'isolate', 'split', 'oneWay', 'pauseLeader', 'heal'];

/** Draws the next fault by the weights; undefined when every weight is zero. */
function drawFault(world: World, mix: FaultMix): FaultName | undefined {
  const total = FAULTS.reduce((s, f) => s + mix[f], 0);
  if (total <= 0) return undefined;
  let x = world.rng.faults.next() * total;
  for (const f of FAULTS) {
    x -= mix[f];
    if (x < 0) return f;
  }
  return 'heal';
}

const duration = (world: World, mix: FaultMix) => mix.durationMs[0] + world.rng.faults.next() * (mix.durationMs[1] - mix.durationMs[0]);

function currentLeader(world: World): number | undefined {
  return world.nodes.find((n) => n.up && !n.paused && n.role === 'leader')?.id;
}

/** Applies one fault now, and schedules its undoing (restart, resume) where it has one. */
export function injectFault(world: World, fault: FaultName, mix: FaultMix): string {
  const r = world.rng.faults;
  const up = world.nodes.filter((n) => n.up).map((n) => n.id);
  switch (fault) {
    case 'crash':
    case 'crashLeader': {
      const id = fault === 'crashLeader' ? (currentLeader(world) ?? r.pick(world.ids)) : r.pick(world.ids);
      world.crash(id);
      world.schedule(world.now + duration(world, mix), -1, 'restart', () => world.restart(id));
      return `crash ${id}`;
    }
    case 'crashFollowerThenLeader': {
      // Correlated failure: a follower dies (losing unsynced writes), and soon after the leader
      // is cut off — the moment a commit resting on the follower's claims would be lost.
      const leader = currentLeader(world);
      const follower = world.ids.filter((id) => id !== leader);
      if (leader === undefined || follower.length === 0) return 'no leader to cut';
      const victim = r.pick(follower);
      world.crash(victim);
      world.schedule(world.now + duration(world, mix), -1, 'restart', () => world.restart(victim));
      world.schedule(world.now + r.next() * 20, -1, 'isolate', () => world.faultsActive && world.network.isolate(leader, world.ids));
      return `crash ${victim}, then cut leader ${leader}`;
    }
    case 'isolate': {
      const id = r.pick(world.ids);
      world.network.isolate(id, world.ids);
      return `isolate ${id}`;
    }
    case 'split': {
      const shuffled = r.shuffle(world.ids);
      const cut = r.int(1, Math.max(1, Math.floor(world.ids.length / 2)));
      world.network.split(shuffled.slice(0, cut), shuffled.slice(cut));
      return `split ${shuffled.slice(0, cut).join(',')} | ${shuffled.slice(cut).join(',')}`;
    }
    case 'oneWay': {
      const from = r.pick(world.ids);
      const to = r.pick(world.ids);
      if (from !== to) world.network.cutLink(from, to);
      return `cut ${from}->${to}`;
    }
    case 'pauseLeader': {
      const id = currentLeader(world) ?? (up.length > 0 ? r.pick(up) : undefined);
      if (id === undefined) return 'pause (nobody up)';
      world.pause(id);
      world.schedule(world.now + duration(world, mix), -1, 'resume', () => world.resume(id));
      return `pause ${id}`;
    }
    case 'heal':
      world.network.heal();
      return 'heal';
  }
}

/** Faults at exponential intervals until `untilMs`. */
export function scheduleFaults(world: World, mix: FaultMix, untilMs: number): void {
  const next = () => {
    const at = world.now + world.rng.faults.exponential(mix.meanIntervalMs);
    if (at >= untilMs) return;
    world.schedule(at, -1, 'fault', () => {
      if (!world.faultsActive) return;
      const fault = drawFault(world, mix);
      if (fault) injectFault(world, fault, mix);
      next();
    });
  };
  next();
}
