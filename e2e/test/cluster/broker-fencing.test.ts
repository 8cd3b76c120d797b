import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode } from '@orderlab/kafka-protocol';
import { ClusterProcess, kcat, kcatAvailable, type ClusterMetadataJson, RF1_CONFIGS } from '../../src';

// Demo timings (the defaults): heartbeats every 1 s, fenced after 6 s without one.
const SESSION_MS = 6000;
const HEARTBEAT_MS = 1000;
const QUIET = ['--log-level', 'warn'];
const TOPIC = 'fenced-data';
const PARTITIONS = 6;
const PER_PARTITION = 20;

const stateOf = (m: ClusterMetadataJson, id: number) => m.brokers.find((b) => b.brokerId === id)?.state;
const partitionsOf = (m: ClusterMetadataJson) => m.topics.find((t) => t.name === TOPIC)?.partitions ?? [];

describe('3 controllers + 3 brokers: a broker SIGKILLed is fenced, its rf=1 partitions go offline and come back with their data', { skip: !kcatAvailable() && 'kcat is not installed' }, () => {
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

  test('SIGKILL broker 2: fenced within the session timeout; its partitions offline (leader -1, LEADER_NOT_AVAILABLE) on every broker; back with every record after a restart', async () => {
    const initial = await cluster.agreedEverywhere();
    const led = partitionsOf(initial).filter((p) => p.leader === 2).map((p) => p.partition);
    assert.equal(led.length, PARTITIONS / 3, `broker 2 leads ${PARTITIONS / 3} partitions: ${JSON.stringify(partitionsOf(initial))}`);
    const epochs = new Map(partitionsOf(initial).map((p) => [p.partition, p.leaderEpoch]));

    const killedAt = Date.now();
    await cluster.broker(2).kill('SIGKILL');
    const fenced = await cluster.waitForMetadata((m) => stateOf(m, 2) === 'fenced' && m, 'broker 2 fenced', SESSION_MS + 10_000, 20);
    const fencedMs = Date.now() - killedAt;
    console.log(`  broker 2 SIGKILLed → fenced after ${fencedMs} ms (session ${SESSION_MS} ms, heartbeat ${HEARTBEAT_MS} ms)`);
    // Its last heartbeat was at most one interval before the kill; the controller checks expiry every 100 ms.
    assert.ok(fencedMs >= SESSION_MS - HEARTBEAT_MS - 200, `not fenced before its session expired (${fencedMs} ms)`);
    assert.ok(fencedMs <= SESSION_MS + 1000, `fenced within the session timeout (${fencedMs} ms)`);
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
