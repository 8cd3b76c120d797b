import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode, ProduceRequest, ProduceResponse, decodeBatchRecords, encodeRecordBatch } from '@orderlab/kafka-protocol';
import { ClusterProcess, NetnsLab, RawKafkaClient, RecordingProducer, checkHistory, collectHistory, createFailoverTopic, formatReport, partitionsIn, readReplicaLog, waitFor, waitForPartitions } from '../../src';

const QUIET = ['--log-level', 'warn'];
const TOPIC = 'fo-partitioned';
const skipReason = NetnsLab.probe();
if (skipReason) console.log(`failover leader-partitioned: skipped, ${skipReason}`);

/** One acks=all write of `value`, straight to the broker at host:port (our own client: whatever it answers, within `ms`). */
async function produceTo(host: string, port: number, value: string, ms = 4000): Promise<number | 'no answer'> {
  const client = await RawKafkaClient.connect(port, host);
  try {
    const records = encodeRecordBatch({ records: [{ key: 'probe', value }] });
    const answer = client.send(ProduceRequest, ProduceResponse, 7, { transactionalId: null, acks: -1, timeoutMs: 1500, topicData: [{ name: TOPIC, partitionData: [{ index: 0, records }] }] });
    const res = await Promise.race([answer, new Promise<null>((r) => setTimeout(() => r(null), ms))]);
    return res ? (res.responses[0]?.partitionResponses[0]?.errorCode ?? -1) : 'no answer';
  } finally {
    client.close();
  }
}

/**
 * The leader of a partition cut off from its peers and the controllers (each broker in its own
 * network namespace; iptables in the leader's) while clients in the root namespace still reach
 * it: it must acknowledge no acks=all write, since none can reach the ISR; the others elect a
 * new leader and carry on; once healed the old leader truncates what it wrote alone (by leader
 * epoch) and follows, and its files match the new leader's below the high watermark.
 */
describe('3 controllers + 3 brokers in network namespaces: the partition leader cut off from peers and controllers', { skip: skipReason ?? false }, () => {
  const lab = new NetnsLab(3);
  let cluster: ClusterProcess;
  const started = Date.now();

  before(async () => {
    lab.setUp();
    cluster = await ClusterProcess.start({
      controllers: 3,
      brokers: 3,
      controllerArgs: QUIET,
      brokerArgs: QUIET,
      voterHost: lab.bridgeIp,
      brokerPlacement: (id) => ({ host: lab.ip(id), commandPrefix: lab.prefix(id) }),
    });
    await createFailoverTopic(cluster, TOPIC, { partitions: 1, minIsr: 2 });
  });

  after(async () => {
    await cluster?.stop();
    lab.tearDown();
    console.log(`failover leader-partitioned suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('it acknowledges no acks=all write it cannot replicate; healed, it truncates and follows', async () => {
    const kafka = cluster.kafka({ retry: { retries: 40, initialRetryTime: 100, maxRetryTime: 1000 } });
    const producer = await new RecordingProducer({ kafka, topic: TOPIC, partitions: 1, acks: -1, idempotent: true, ratePerSec: 100, timeoutMs: 2000 }).start();
    const probes: Array<{ value: string; answer: number | 'no answer' }> = [];
    let leader = -1;
    try {
      await producer.progress(50, 15_000, 'acks=all writes before the partition');
      const before = partitionsIn(await cluster.metadata(), TOPIC)[0]!;
      leader = before.leader;
      const cutAt = Date.now();
      lab.isolate(leader, cluster.layout.controllers.map((c) => c.port));
      assert.ok(!lab.canConnect(leader, lab.ip(before.replicas.find((r) => r !== leader)!), cluster.broker(before.replicas.find((r) => r !== leader)!).port), 'the leader cannot reach a peer');
      console.log(`  leader ${leader} cut off from brokers ${before.replicas.filter((r) => r !== leader).join(', ')} and the controllers`);

      // Its clients still reach it: acks=all writes straight to it, while the others elect a new leader.
      let n = 0;
      const moved = await waitFor(
        async () => {
          const value = `isolated-${n++}`;
          probes.push({ value, answer: await produceTo(cluster.broker(leader).host, cluster.broker(leader).port, value) });
          const m = partitionsIn(await cluster.metadata(), TOPIC)[0]!;
          return probes.length >= 5 && m.leader >= 0 && m.leader !== leader ? m : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 200, description: `a new leader elected without broker ${leader}` },
      );
      console.log(`  new leader ${moved.leader} (epoch ${before.leaderEpoch} → ${moved.leaderEpoch}) ${Date.now() - cutAt} ms after the cut; the old leader answered ${JSON.stringify(probes.map((p) => p.answer))}`);
      await producer.progress(50, 30_000, 'acks=all writes on the new leader');
      const last = `isolated-${n++}`;
      probes.push({ value: last, answer: await produceTo(cluster.broker(leader).host, cluster.broker(leader).port, last) });
      assert.ok(!probes.some((p) => p.answer === ErrorCode.NONE), `the cut-off leader acknowledged no acks=all write: ${JSON.stringify(probes)}`);

      // What it took alone is in its files (so the heal has something to truncate).
      const alone = readReplicaLog(cluster.broker(leader).dataDir, leader, TOPIC, 0).batches.flatMap((b) => decodeBatchRecords(b.bytes).map((x) => x.value?.toString() ?? '')).filter((v) => v.startsWith('isolated-'));
      console.log(`  the cut-off leader holds ${alone.length} writes it took alone (none acknowledged)`);
      assert.ok(alone.length > 0, 'the cut-off leader appended the writes its clients sent');
      const healedAt = Date.now();
      lab.heal(leader);
      // Back in the ISR means it followed and caught up; being the preferred replica it may lead again
      // within 100 ms (auto.leader.rebalance.enable), so whoever leads by the time we look is fine.
      const healed = await waitForPartitions(cluster, TOPIC, (ps) => ps[0]!.isr.length === 3 && ps[0]!.leaderEpoch > before.leaderEpoch, `broker ${leader} back in the ISR`, 30_000);
      console.log(`  healed → broker ${leader} followed and is in the ISR after ${Date.now() - healedAt} ms (leader now ${healed[0]!.leader}, epoch ${healed[0]!.leaderEpoch})`);
      await producer.progress(50, 15_000, 'acks=all writes after the heal');
    } finally {
      await producer.stop();
    }
    const h = await collectHistory(cluster, kafka, TOPIC, 1, producer.sends);
    // The probes were never acknowledged: no client may read them, and the old leader cut them from its files.
    const r = checkHistory({ ...h, reads: h.reads.filter((x) => !x.id.startsWith('isolated-')) });
    console.log(`  ${formatReport(r)}`);
    assert.deepEqual(r.violations, [], formatReport(r));
    const readProbes = h.reads.filter((x) => x.id.startsWith('isolated-'));
    assert.deepEqual(readProbes, [], 'no write the cut-off leader took is readable');
    const oldLeaderValues = readReplicaLog(cluster.broker(leader).dataDir, leader, TOPIC, 0).batches.flatMap((b) => decodeBatchRecords(b.bytes).map((x) => x.value?.toString() ?? ''));
    assert.deepEqual(oldLeaderValues.filter((v) => v.startsWith('isolated-')), [], 'the old leader truncated the writes it took alone');
  });
});
