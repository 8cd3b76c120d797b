import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ClusterProcess,
  RecordingProducer,
  checkHistory,
  collectHistory,
  createFailoverTopic,
  formatReport,
  logEndInFiles,
  partitionsIn,
  waitFor,
  waitForPartitions,
  type CheckReport,
  type History,
} from '../../src';

// Demo timings (the broker defaults): replica.lag.time.max.ms 5 s, broker session 6 s.
const QUIET = ['--log-level', 'warn'];
const ALL = 'fo-acks-all';
const ONE = 'fo-acks-one';
const PARTITIONS = 3;
// Enough retries to outlast a failover (fencing after the 6 s session, then an election).
const RETRY = { retries: 30, initialRetryTime: 100, maxRetryTime: 1000 };

/**
 * The leader of a partition SIGKILLed under a steady idempotent acks=all producer, then
 * restarted; a fresh consumer and each broker's files are then checked. Just before the kill the
 * leader's followers are SIGSTOPped (for far less than the lag time, so they stay in the ISR)
 * until the leader holds records they do not: a broker that answered acks=all at its own append
 * would have acknowledged those, and the follower elected next lacks them. The same choreography
 * with acks=1 loses acknowledged writes, and the test prints how many.
 */
describe('3 controllers + 3 brokers: SIGKILL of a partition leader under acks=all loses nothing; acks=1 does', () => {
  let cluster: ClusterProcess;
  let history: History;
  let report: CheckReport;
  const started = Date.now();

  before(async () => {
    cluster = await ClusterProcess.start({ controllers: 3, brokers: 3, controllerArgs: QUIET, brokerArgs: QUIET });
    await createFailoverTopic(cluster, ALL, { partitions: PARTITIONS });
    await createFailoverTopic(cluster, ONE, { partitions: 1 });
  });

  after(async () => {
    await cluster?.stop();
    console.log(`failover leader-kill suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('idempotent acks=all producer at a steady rate, leader of partition 0 SIGKILLed and restarted: every acknowledged id once, at its offset, in key order, only retriable errors', async () => {
    const kafka = cluster.kafka({ retry: RETRY });
    const producer = await new RecordingProducer({ kafka, topic: ALL, partitions: PARTITIONS, acks: -1, idempotent: true, ratePerSec: 300, timeoutMs: 3000 }).start();
    // A stall is reported after the checker has run: what was lost says more than the timeout.
    let stalled: Error | null = null;
    try {
      await producer.progress(150, 15_000, 'acks=all writes before the fault');
      const before = partitionsIn(await cluster.metadata(), ALL)[0]!;
      const leader = before.leader;
      const followers = before.replicas.filter((id) => id !== leader);
      const t0 = Date.now();
      // The leader then holds a record its followers do not (acks=all: not acknowledged yet).
      await pauseUntilAhead(cluster, leader, followers, ALL, () => producer.progress(10, 15_000, 'acks=all writes with the followers back'));
      await cluster.broker(leader).kill('SIGKILL');
      followers.forEach((id) => cluster.broker(id).resume());
      const moved = await waitForPartitions(cluster, ALL, (ps) => ps[0]!.leader >= 0 && ps[0]!.leader !== leader, `partition 0 led by a follower of ${leader}`, 20_000);
      await producer.progress(1, 20_000, 'the first acks=all write on the new leader', 0);
      console.log(`  leader ${leader} SIGKILLed → partition 0 led by ${moved[0]!.leader} (epoch ${before.leaderEpoch} → ${moved[0]!.leaderEpoch}), first acks=all write there ${Date.now() - t0} ms after the fault`);
      assert.ok(moved[0]!.leaderEpoch > before.leaderEpoch, 'the leader epoch moves with the leader');
      await producer.progress(150, 20_000, 'acks=all writes on the new leader');

      const restartAt = Date.now();
      await cluster.broker(leader).start();
      await waitForPartitions(cluster, ALL, (ps) => ps.every((p) => p.isr.length === 3), `broker ${leader} back in every ISR`, 30_000);
      console.log(`  broker ${leader} restarted → back in every ISR after ${Date.now() - restartAt} ms`);
      await producer.progress(150, 15_000, 'acks=all writes with the full ISR again');
    } catch (e) {
      stalled = e as Error;
    } finally {
      resumeAll(cluster);
      await producer.stop();
    }
    // After a stall the killed leader may still be down: back it comes, so every replica can be read.
    for (const b of cluster.brokers) if (!b.alive) await b.start().catch(() => undefined);
    history = await collectHistory(cluster, kafka, ALL, PARTITIONS, producer.sends);
    report = checkHistory(history);
    console.log(`  acks=all: ${formatReport(report)}`);
    assert.deepEqual(report.violations.filter((v) => v.kind !== 'replica-divergence'), [], formatReport(report));
    assert.equal(stalled, null, `the producer kept going through the failover: ${stalled?.message}`);
    assert.ok(report.counts.acknowledged >= 450, `the producer made progress throughout (${report.counts.acknowledged} acknowledged)`);
  });

  test('every ISR member holds byte-identical batches below the high watermark (read from each broker\'s files)', () => {
    assert.ok(history, 'the previous test collected the history');
    for (const p of history.partitions!) assert.equal(p.isr.length, 3, `partition ${p.partition}: all three in the ISR (${p.isr.join(',')})`);
    const compared = history.partitions!.map((p) => ({ p: p.partition, hw: p.highWatermark, batches: history.replicas!.filter((r) => r.partition === p.partition && p.isr.includes(r.brokerId)).map((r) => r.batches.filter((b) => b.lastOffset < p.highWatermark).length) }));
    console.log(`  batches below the HW per ISR member: ${JSON.stringify(compared)}`);
    for (const c of compared) assert.ok(c.batches.every((n) => n > 0), `partition ${c.p}: every ISR member has batches below HW ${c.hw}`);
    assert.deepEqual(report.violations.filter((v) => v.kind === 'replica-divergence'), [], formatReport(report));
  });

  test('acks=1, the same leader kill: acknowledged writes are lost (printed); the old leader truncates them when it returns', async () => {
    const kafka = cluster.kafka({ retry: RETRY });
    const producer = await new RecordingProducer({ kafka, topic: ONE, partitions: 1, acks: 1, idempotent: false, ratePerSec: 300, timeoutMs: 3000 }).start();
    let leader = -1;
    try {
      await producer.progress(100, 15_000, 'acks=1 writes before the fault');
      const before = partitionsIn(await cluster.metadata(), ONE)[0]!;
      leader = before.leader;
      const followers = before.replicas.filter((id) => id !== leader);
      followers.forEach((id) => cluster.broker(id).pause());
      // acks=1 answers at the leader's append: these acknowledgements exist only on the leader.
      const acked = producer.acknowledged;
      await producer.progress(20, 3000, 'acks=1 acknowledgements while the followers are paused');
      await cluster.broker(leader).kill('SIGKILL');
      followers.forEach((id) => cluster.broker(id).resume());
      console.log(`  acks=1: ${producer.acknowledged - acked} acknowledged while only the leader had them; leader ${leader} SIGKILLed`);
      await waitForPartitions(cluster, ONE, (ps) => ps[0]!.leader >= 0 && ps[0]!.leader !== leader, `a new leader for ${ONE}`, 20_000);
      await producer.progress(50, 20_000, 'acks=1 writes on the new leader');
      await cluster.broker(leader).start();
      await waitForPartitions(cluster, ONE, (ps) => ps[0]!.isr.length === 3, `broker ${leader} back in the ISR of ${ONE}`, 30_000);
    } finally {
      resumeAll(cluster);
      await producer.stop();
    }
    const h = await collectHistory(cluster, kafka, ONE, 1, producer.sends);
    const r = checkHistory(h);
    console.log(`  acks=1 + leader kill: ${r.counts.byKind.lost} of ${r.counts.acknowledged} acknowledged writes lost (${formatReport(r, 5)})`);
    assert.ok(r.counts.byKind.lost > 0, 'acks=1 loses acknowledged writes on failover (Kafka documents it)');
    // Whatever it lost, the replicas agree again: the old leader cut its unreplicated tail.
    assert.deepEqual(r.violations.filter((v) => v.kind === 'replica-divergence'), [], formatReport(r));
  });
});

/**
 * SIGSTOP the followers until the leader's files hold a record theirs do not, for far less than
 * the 5 s lag time so they stay in the ISR. The leader may never get ahead: if the followers were
 * stopped just after fetching its last record, the idempotent producer's one request in flight
 * waits for them and nothing new arrives — then they are resumed and the pause tried again.
 */
async function pauseUntilAhead(cluster: ClusterProcess, leader: number, followers: number[], topic: string, progress: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    followers.forEach((id) => cluster.broker(id).pause());
    try {
      await waitFor(() => logEndInFiles(cluster, leader, topic, 0) > Math.max(...followers.map((id) => logEndInFiles(cluster, id, topic, 0))), { timeoutMs: 1500, intervalMs: 10, description: 'the leader to hold records its paused followers lack' });
      if (attempt > 1) console.log(`  the leader got ahead of its paused followers at attempt ${attempt}`);
      return;
    } catch (e) {
      followers.forEach((id) => cluster.broker(id).resume());
      if (attempt === 5) throw e;
      await waitForPartitions(cluster, topic, (ps) => ps[0]!.isr.length === 3, 'the followers back in the ISR', 20_000);
      await progress();
    }
  }
}

/** A failed step must not leave brokers stopped for the next test. */
function resumeAll(cluster: ClusterProcess): void {
  for (const b of cluster.brokers) if (b.alive) b.resume();
}
