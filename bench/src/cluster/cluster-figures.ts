#!/usr/bin/env node
// npm run figures:cluster — a broker SIGKILLed in a cluster of 3 controllers + 3 brokers (real
// processes, demo timings: heartbeat 1 s, session 6 s), 10 trials, median and max of:
//   → the active controller's /metadata shows it fenced;
//   → every partition it led has moved (rf=1 and only leaders in ISRs until replication: offline,
//     leader -1) in that image — the fence and the leader changes are one committed batch;
//   → every surviving broker's Metadata says so (LEADER_NOT_AVAILABLE), what clients see;
// and, after restarting it, → unfenced and leading those partitions again. A benchmark, not a test.
import { ErrorCode } from '@orderlab/kafka-protocol';
import { ClusterProcess, waitFor, type ClusterMetadataJson } from '@orderlab/e2e';

const TRIALS = Number(process.env.FIGURES_TRIALS ?? 10);
const TOPIC = 'figures';
const PARTITIONS = 6;
const POLL_MS = 10;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const stateOf = (m: ClusterMetadataJson, id: number) => m.brokers.find((b) => b.brokerId === id)?.state;
const partitions = (m: ClusterMetadataJson) => m.topics.find((t) => t.name === TOPIC)?.partitions ?? [];

interface Trial {
  readonly fenced: number;
  readonly moved: number;
  readonly clientsSee: number;
  readonly recovered: number;
}

async function trial(cluster: ClusterProcess, victim: number): Promise<Trial> {
  const before = await cluster.agreedEverywhere();
  const led = partitions(before).filter((p) => p.leader === victim).map((p) => p.partition);
  if (led.length === 0) throw new Error(`broker ${victim} leads nothing: ${JSON.stringify(partitions(before))}`);
  const controller = await cluster.activeController();
  const killedAt = Date.now();
  await cluster.broker(victim).kill('SIGKILL');
  // Poll the active controller directly: one GET per POLL_MS, no quorum agreement round in between.
  let fenced = -1;
  let moved = -1;
  await waitFor(
    async () => {
      const m = (await controller.metadata(1000)) as unknown as ClusterMetadataJson;
      const now = Date.now() - killedAt;
      if (fenced < 0 && stateOf(m, victim) === 'fenced') fenced = now;
      if (moved < 0 && led.every((p) => partitions(m).find((x) => x.partition === p)?.leader !== victim)) moved = now;
      return fenced >= 0 && moved >= 0;
    },
    { timeoutMs: 20_000, intervalMs: POLL_MS, description: `broker ${victim} fenced and its partitions moved` },
  );
  const survivors = cluster.brokers.filter((b) => b.nodeId !== victim).map((b) => b.nodeId);
  await waitFor(
    async () => {
      for (const id of survivors) {
        const view = await cluster.brokerMetadata(id, [TOPIC]);
        const ps = view.topics[0]?.partitions ?? [];
        if (!led.every((p) => ps.find((x) => x.partition === p)?.errorCode === ErrorCode.LEADER_NOT_AVAILABLE)) return false;
      }
      return true;
    },
    { timeoutMs: 20_000, intervalMs: POLL_MS, description: 'every surviving broker to answer LEADER_NOT_AVAILABLE' },
  );
  const clientsSee = Date.now() - killedAt;
  const restartAt = Date.now();
  await cluster.broker(victim).start();
  await cluster.waitForMetadata((m) => stateOf(m, victim) === 'unfenced' && led.every((p) => partitions(m).find((x) => x.partition === p)?.leader === victim), `broker ${victim} leading again`, 30_000, POLL_MS);
  return { fenced, moved, clientsSee, recovered: Date.now() - restartAt };
}

async function main(): Promise<void> {
  const quiet = ['--log-level', 'warn'];
  const cluster = await ClusterProcess.start({ controllers: 3, brokers: 3, controllerArgs: quiet, brokerArgs: quiet });
  try {
    const admin = cluster.kafka().admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS, replicationFactor: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const trials: Trial[] = [];
    for (let t = 0; t < TRIALS; t++) {
      const r = await trial(cluster, (t % 3) + 1);
      trials.push(r);
      console.error(`  trial ${t + 1}: broker ${(t % 3) + 1} fenced ${r.fenced} ms, moved ${r.moved} ms, clients see it ${r.clientsSee} ms, back ${r.recovered} ms after restart`);
    }
    const line = (label: string, xs: number[]) => console.log(`  → ${label.padEnd(56)} median ${median(xs)} ms, max ${Math.max(...xs)} ms   (${xs.join(', ')})`);
    console.log(`cluster figures (3 controllers + 3 brokers, demo timings: heartbeat 500 ms, session 6000 ms, disconnect grace 1000 ms; ${PARTITIONS} rf=1 partitions)`);
    console.log(`SIGKILL of a broker, ${TRIALS} trials (a different broker each time):`);
    line('fenced in the active controller\'s /metadata:', trials.map((t) => t.fenced));
    line('its partitions moved (offline, leader -1) in that image:', trials.map((t) => t.moved));
    line('every surviving broker answers LEADER_NOT_AVAILABLE:', trials.map((t) => t.clientsSee));
    line('restarted → unfenced and leading its partitions again:', trials.map((t) => t.recovered));
    console.log('A killed broker\'s heartbeat connection closes with it: fencing waits the 1 s disconnect grace (a paused broker: the 6 s session), plus the controller\'s 100 ms expiry check and one commit.');
  } finally {
    await cluster.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
