/**
 * `npm run bench:raft`: figures for the Raft append path and for the simulator.
 *  1. A 3-voter quorum in one process (MemoryStorage, messages delivered at once, no fsync
 *     cost): how many batches and records per second the leader commits, for 1, 10 and 100
 *     records per batch, and the cost per batch at 10k vs 100k batches in the log (flat means
 *     no per-entry cost that grows with the log).
 *  2. Simulated events per second of the swarm.
 */
import { MemoryStorage, RaftNode, writeReady, type RaftMessage } from '@orderlab/raft';
import { runSeed, Rng } from '../src';

interface Member {
  node: RaftNode;
  storage: MemoryStorage;
}

function cluster(): Member[] {
  const voters = [1, 2, 3];
  return voters.map((id) => {
    const storage = new MemoryStorage();
    const rng = new Rng(id);
    return { storage, node: new RaftNode({ nodeId: id, voters, storage, random: () => rng.next(), electionTimeoutTicks: 5, fetchTimeoutTicks: 50, requestTimeoutTicks: 40, maxFetchBytes: 4 << 20 }) };
  });
}

/** Runs every node's Ready loop and delivers messages until the cluster is quiet. */
function settle(members: Member[]): void {
  const queue: RaftMessage[] = [];
  const drain = (m: Member) => {
    while (m.node.hasReady()) {
      const r = m.node.ready();
      writeReady(m.storage, r);
      for (const msg of r.messages) queue.push(msg);
      m.node.advance();
    }
  };
  for (const m of members) drain(m);
  while (queue.length > 0) {
    const msg = queue.shift()!;
    const to = members[msg.to - 1]!;
    to.node.step(msg);
    drain(to);
  }
}

function electedLeader(members: Member[]): Member {
  for (let i = 0; i < 500; i++) {
    const leader = members.find((m) => m.node.role === 'leader');
    if (leader && members.every((m) => m.node.leaderId === leader.node.nodeId)) return leader;
    for (const m of members) m.node.tick();
    settle(members);
  }
  throw new Error('no leader');
}

/** Commits `batches` batches of `records` records, `perRound` proposals per Ready round (group commit). */
function appendPath(batches: number, records: number, perRound: number): { secs: number; perBatchUs: number[] } {
  const members = cluster();
  const leader = electedLeader(members);
  const payload = Array.from({ length: records }, (_, i) => Buffer.from(`record-${i}-${'x'.repeat(40)}`));
  const started = process.hrtime.bigint();
  const marks: number[] = [];
  let lastMark = started;
  for (let done = 0; done < batches; ) {
    for (let i = 0; i < perRound && done < batches; i++, done++) {
      const r = leader.node.propose(payload);
      if (!r.ok) throw new Error(`propose failed: ${r.error.code}`);
      if ((done + 1) % 10_000 === 0) {
        const now = process.hrtime.bigint();
        marks.push(Number(now - lastMark) / 1e3 / 10_000);
        lastMark = now;
      }
    }
    settle(members);
  }
  if (leader.node.highWatermark < leader.storage.endOffset()) throw new Error('not everything committed');
  return { secs: Number(process.hrtime.bigint() - started) / 1e9, perBatchUs: marks };
}

function simEventsPerSecond(seeds: number): { secs: number; events: number } {
  const started = Date.now();
  let events = 0;
  for (let s = 1; s <= seeds; s++) events += runSeed(s).stats.events;
  return { secs: (Date.now() - started) / 1000, events };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

appendPath(20_000, 1, 64); // warm-up: let the JIT settle before measuring
console.log('Raft append path, 3 voters in one process (MemoryStorage, no fsync, instant delivery), 64 proposals per Ready round:');
for (const records of [1, 10, 100]) {
  const batches = records === 100 ? 20_000 : 100_000;
  const { secs } = appendPath(batches, records, 64);
  console.log(`  ${String(records).padStart(3)} records/batch: ${fmt(batches / secs)} batches/s, ${fmt((batches * records) / secs)} records/s (${batches} batches in ${secs.toFixed(2)} s)`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const growth = appendPath(100_000, 1, 64).perBatchUs;
const early = median(growth.slice(1, 5)); // 10k–50k batches in the log (the first 10k warm up the JIT)
const late = median(growth.slice(5)); // 50k–100k
console.log(
  `  cost per batch, median per 10k: ${early.toFixed(2)} µs with 10k–50k batches in the log, ${late.toFixed(2)} µs with 50k–100k ` +
    `(ratio ${(late / early).toFixed(2)}; ~1 means O(1) per entry; per-10k figures: ${growth.map((g) => g.toFixed(1)).join(' ')})`,
);
const unbatched = appendPath(20_000, 1, 1);
console.log(`  one proposal per Ready round (no group commit): ${fmt(20_000 / unbatched.secs)} batches/s`);

const sim = simEventsPerSecond(200);
console.log(`Simulator: 200 swarm seeds in ${sim.secs.toFixed(1)} s: ${fmt(sim.events / sim.secs)} simulated events/s, ${(200 / sim.secs).toFixed(1)} seeds/s`);
