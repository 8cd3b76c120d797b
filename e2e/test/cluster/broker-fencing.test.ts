import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode } from '@orderlab/kafka-protocol';
import { ClusterProcess, kcat, kcatAvailable, type ClusterMetadataJson, RF1_CONFIGS } from '../../src';

// Demo timings (the defaults): heartbeats every 0.5 s, fenced after 6 s without one, or 1 s after
// the connection carrying its heartbeats closed (a killed process) with no heartbeat since.
const SESSION_MS = 6000;
const HEARTBEAT_MS = 500;
const DISCONNECT_GRACE_MS = 1000;
/** The controller checks expiry every 100 ms; the rest is a loaded machine's scheduling. */
const SLACK_MS = 1500;
const QUIET = ['--log-level', 'warn'];
const TOPIC = 'fenced-data';
const PARTITIONS = 6;
const PER_PARTITION = 20;

const stateOf = (m: ClusterMetadataJson, id: number) => m.brokers.find((b) => b.brokerId === id)?.state;
const partitionsOf = (m: ClusterMetadataJson) => m.topics.find((t) => t.name === TOPIC)?.partitions ?? [];

describe('3 controllers + 3 brokers: a broker SIGKILLed is fenced within the disconnect grace, a SIGSTOPped one only after its session; rf=1 partitions go offline and come back with their data', { skip: !kcatAvailable() && 'kcat is not installed' }, () => {
  let cluster: ClusterProcess;
  const produced = new Map<number, string[]>();
  const started = Date.now();

  before(async () => {
    cluster = await ClusterProcess.start({ controllers: 3, brokers: 3, controllerArgs: QUIET, brokerArgs: QUIET });
    const kafka = cluster.kafka();
    const admin = kafka.admin();
    await admin.connect();
    assert.ok(await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS, replicationFactor: 1, configEntries: RF1_CONFIGS }], waitForLeaders: true }));
    await admin.disconnect();
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    for (let p = 0; p < PARTITIONS; p++) {
      const keys = Array.from({ length: PER_PARTITION }, (_, i) => `p${p}-k${i}`);
      produced.set(p, keys);
      await producer.send({ topic: TOPIC, acks: -1, messages: keys.map((key) => ({ key, value: `v-${key}`, partition: p })) });
    }
    await producer.disconnect();
  });

  after(async () => {
    await cluster?.stop();
    console.log(`cluster broker-fencing suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('SIGKILL broker 2: fenced within the disconnect grace (its sockets close with it); its partitions offline (leader -1, LEADER_NOT_AVAILABLE) on every broker; back with every record after a restart', async () => {
    const initial = await cluster.agreedEverywhere();
    const led = partitionsOf(initial).filter((p) => p.leader === 2).map((p) => p.partition);
    assert.equal(led.length, PARTITIONS / 3, `broker 2 leads ${PARTITIONS / 3} partitions: ${JSON.stringify(partitionsOf(initial))}`);
    const epochs = new Map(partitionsOf(initial).map((p) => [p.partition, p.leaderEpoch]));

    const killedAt = Date.now();
    await cluster.broker(2).kill('SIGKILL');
    const fenced = await cluster.waitForMetadata((m) => stateOf(m, 2) === 'fenced' && m, 'broker 2 fenced', SESSION_MS + 10_000, 20);
    const fencedMs = Date.now() - killedAt;
    console.log(`  broker 2 SIGKILLed → fenced after ${fencedMs} ms (disconnect grace ${DISCONNECT_GRACE_MS} ms, session ${SESSION_MS} ms, heartbeat ${HEARTBEAT_MS} ms)`);
    // The kernel closed its heartbeat connection at the kill: fenced a grace later, long before its session would expire.
    assert.ok(fencedMs >= DISCONNECT_GRACE_MS - 50, `not fenced before the grace passed (${fencedMs} ms)`);
    assert.ok(fencedMs <= DISCONNECT_GRACE_MS + SLACK_MS, `fenced within the disconnect grace, not the ${SESSION_MS} ms session (${fencedMs} ms)`);
    for (const p of partitionsOf(fenced)) {
      if (led.includes(p.partition)) {
        assert.deepEqual([p.leader, p.isr], [-1, [2]], `partition ${p.partition} offline; no leader from outside the ISR`);
        assert.equal(p.leaderEpoch, epochs.get(p.partition)! + 1, 'losing the leader bumps the leader epoch');
      } else {
        assert.notEqual(p.leader, 2);
        assert.equal(p.leaderEpoch, epochs.get(p.partition), `partition ${p.partition} untouched`);
      }
    }

    // What clients see, from both surviving brokers: our own Metadata request, and kcat.
    const offlineEverywhere = await cluster.agreedEverywhere();
    assert.equal(stateOf(offlineEverywhere, 2), 'fenced');
    for (const id of [1, 3]) {
      const view = await cluster.brokerMetadata(id, [TOPIC]);
      for (const p of view.topics[0]!.partitions) {
        if (led.includes(p.partition)) assert.deepEqual([p.leader, p.errorCode], [-1, ErrorCode.LEADER_NOT_AVAILABLE], `broker ${id}: partition ${p.partition}`);
        else assert.deepEqual([p.leader === 2, p.errorCode], [false, ErrorCode.NONE], `broker ${id}: partition ${p.partition}`);
      }
      assert.ok(!view.brokers.includes(2), `broker ${id} no longer lists the fenced broker: ${view.brokers.join(',')}`);
    }
    const kmeta = JSON.parse((await kcat(['-b', cluster.broker(1).bootstrap, '-L', '-J', '-t', TOPIC])).stdout) as { topics: Array<{ partitions: Array<{ partition: number; leader: number; error?: string }> }> };
    const kcatOffline = kmeta.topics[0]!.partitions.filter((p) => p.leader === -1).map((p) => p.partition).sort();
    assert.deepEqual(kcatOffline, [...led].sort(), `kcat sees the same partitions offline: ${JSON.stringify(kmeta.topics[0])}`);
    // The partitions on live brokers still serve reads.
    const live = await readAll(cluster.broker(1).bootstrap + ',' + cluster.broker(3).bootstrap, PARTITIONS, led);
    assert.equal(live.length, (PARTITIONS - led.length) * PER_PARTITION);

    const restartAt = Date.now();
    await cluster.broker(2).start();
    const back = await cluster.waitForMetadata((m) => stateOf(m, 2) === 'unfenced' && led.every((p) => partitionsOf(m).find((x) => x.partition === p)?.leader === 2) && m, 'broker 2 unfenced and leading its partitions again', 20_000);
    for (const p of partitionsOf(back).filter((x) => led.includes(x.partition))) assert.equal(p.leaderEpoch, epochs.get(p.partition)! + 2, 'back under a new leader epoch');
    await cluster.agreedEverywhere();
    console.log(`  broker 2 restarted → unfenced and leading its ${led.length} partitions again ${Date.now() - restartAt} ms later`);

    // Data intact: every record of every partition, in order, read back with kcat.
    const all = await readAll(cluster.bootstrap, PARTITIONS, []);
    assert.equal(all.length, PARTITIONS * PER_PARTITION);
    for (let p = 0; p < PARTITIONS; p++) assert.deepEqual(all.filter((r) => r.partition === p).map((r) => r.key), produced.get(p), `partition ${p} intact and in order`);
  });

  test('SIGSTOP broker 3: its connection stays open, so it is fenced only once its session expires; SIGCONT unfences it', async () => {
    await cluster.agreedEverywhere();
    const stoppedAt = Date.now();
    cluster.broker(3).pause();
    try {
      await cluster.waitForMetadata((m) => stateOf(m, 3) === 'fenced', 'broker 3 fenced', SESSION_MS + 10_000, 20);
    } finally {
      cluster.broker(3).resume();
    }
    const fencedMs = Date.now() - stoppedAt;
    console.log(`  broker 3 SIGSTOPped → fenced after ${fencedMs} ms (session ${SESSION_MS} ms)`);
    // Its last heartbeat was at most one interval before the pause.
    assert.ok(fencedMs >= SESSION_MS - HEARTBEAT_MS - 200, `a paused broker keeps its full session (${fencedMs} ms)`);
    assert.ok(fencedMs <= SESSION_MS + SLACK_MS, `fenced within the session timeout (${fencedMs} ms)`);
    await cluster.waitForMetadata((m) => stateOf(m, 3) === 'unfenced', 'broker 3 unfenced after SIGCONT', 15_000);
    await cluster.agreedEverywhere();
  });
});

/** Every record of the topic's partitions except `skip`, with kcat (-e: stop at the end of each). */
async function readAll(bootstrap: string, partitions: number, skip: readonly number[]): Promise<Array<{ partition: number; key: string }>> {
  const out: Array<{ partition: number; key: string }> = [];
  for (let p = 0; p < partitions; p++) {
    if (skip.includes(p)) continue;
    const r = await kcat(['-b', bootstrap, '-t', TOPIC, '-p', String(p), '-C', '-o', 'beginning', '-e', '-q', '-f', '%p %k\n'], { timeoutMs: 15_000 });
    assert.equal(r.code, 0, `kcat read partition ${p}: ${r.stderr.slice(-500)}`);
    for (const line of r.stdout.split('\n').filter(Boolean)) {
      const [part, key] = line.split(' ');
      out.push({ partition: Number(part), key: key ?? '' });
    }
  }
  return out;
}
