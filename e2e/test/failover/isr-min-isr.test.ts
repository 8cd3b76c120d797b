import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterProcess, RecordingProducer, checkHistory, collectHistory, createFailoverTopic, formatReport, partitionsIn, waitFor, waitForPartitions } from '../../src';

// Demo timings (the broker defaults): replica.lag.time.max.ms 5 s, broker session 6 s.
const LAG_TIME_MS = 5000;
const QUIET = ['--log-level', 'warn'];
const PAUSED = 'fo-isr-shrink';
const TWO_DOWN = 'fo-min-isr';

describe('3 controllers + 3 brokers: ISR shrink and expand, min.insync.replicas', () => {
  let cluster: ClusterProcess;
  const started = Date.now();

  before(async () => {
    cluster = await ClusterProcess.start({ controllers: 3, brokers: 3, controllerArgs: QUIET, brokerArgs: QUIET });
    await createFailoverTopic(cluster, PAUSED, { partitions: 1, minIsr: 2 });
    await createFailoverTopic(cluster, TWO_DOWN, { partitions: 1, minIsr: 2 });
  });

  after(async () => {
    await cluster?.stop();
    console.log(`failover isr-min-isr suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('a follower SIGSTOPped past the lag time leaves the ISR, acks=all carries on with min ISR 2; after SIGCONT it catches up and rejoins', async () => {
    const kafka = cluster.kafka({ retry: { retries: 30, initialRetryTime: 100, maxRetryTime: 1000 } });
    const producer = await new RecordingProducer({ kafka, topic: PAUSED, partitions: 1, acks: -1, idempotent: true, ratePerSec: 200, timeoutMs: 3000 }).start();
    try {
      await producer.progress(100, 15_000, 'acks=all writes with the full ISR');
      const p0 = partitionsIn(await cluster.metadata(), PAUSED)[0]!;
      const follower = p0.replicas.find((id) => id !== p0.leader)!;
      const pausedAt = Date.now();
      cluster.broker(follower).pause();
      const shrunk = await waitForPartitions(cluster, PAUSED, (ps) => !ps[0]!.isr.includes(follower), `follower ${follower} out of the ISR`, LAG_TIME_MS + 10_000);
      const shrinkMs = Date.now() - pausedAt;
      console.log(`  follower ${follower} SIGSTOPped → ISR ${JSON.stringify(p0.isr)} → ${JSON.stringify(shrunk[0]!.isr)} after ${shrinkMs} ms (lag time ${LAG_TIME_MS} ms)`);
      assert.ok(shrinkMs >= LAG_TIME_MS - 1000, `the ISR shrinks for the lag time, not at once (${shrinkMs} ms)`);
      assert.equal(shrunk[0]!.leader, p0.leader, 'the leader stays');
      assert.equal(shrunk[0]!.isr.length, 2);
      const ackedAtShrink = producer.acknowledged;
      await producer.progress(100, 10_000, 'acks=all writes with ISR 2 = min.insync.replicas');
      const failedAfterShrink = producer.failed.filter((s) => s.sentAt > Date.now() - 5000);
      console.log(`  ${producer.acknowledged - ackedAtShrink} acks=all writes acknowledged with ISR ${JSON.stringify(shrunk[0]!.isr)}`);
      assert.deepEqual(failedAfterShrink.map((s) => s.outcome), [], 'no errors while the ISR is at min.insync.replicas');

      const resumedAt = Date.now();
      cluster.broker(follower).resume();
      await waitForPartitions(cluster, PAUSED, (ps) => ps[0]!.isr.includes(follower) && ps[0]!.isr.length === 3, `follower ${follower} back in the ISR`, 30_000);
      console.log(`  SIGCONT → follower ${follower} caught up and back in the ISR after ${Date.now() - resumedAt} ms`);
      await producer.progress(100, 15_000, 'acks=all writes with the full ISR again');
    } finally {
      await producer.stop();
    }
    const r = checkHistory(await collectHistory(cluster, kafka, PAUSED, 1, producer.sends));
    console.log(`  ${formatReport(r)}`);
    assert.deepEqual(r.violations, [], formatReport(r));
  });

  test('two of three brokers down: acks=all answers NOT_ENOUGH_REPLICAS (a clear, retriable error reaching the producer); nothing acknowledged is lost when they return', async () => {
    // No client retries: each error reaches the recorder as the broker sent it (and no retry can duplicate).
    const kafka = cluster.kafka({ retry: { retries: 0 } });
    const producer = await new RecordingProducer({ kafka, topic: TWO_DOWN, partitions: 1, acks: -1, idempotent: false, retries: 0, ratePerSec: 100, timeoutMs: 2000 }).start();
    try {
      await producer.progress(50, 15_000, 'acks=all writes with the full ISR');
      const p0 = partitionsIn(await cluster.metadata(), TWO_DOWN)[0]!;
      const down = p0.replicas.filter((id) => id !== p0.leader);
      const killedAt = Date.now();
      await Promise.all(down.map((id) => cluster.broker(id).kill('SIGKILL')));
      const refused = await waitFor(() => producer.failed.find((s) => s.sentAt > killedAt && /NOT_ENOUGH_REPLICAS(?!_AFTER)/.test(s.outcome.ok ? '' : s.outcome.error)), {
        timeoutMs: LAG_TIME_MS + 15_000,
        intervalMs: 50,
        description: `NOT_ENOUGH_REPLICAS at the producer once brokers ${down.join(' and ')} are down (errors so far: ${producer.lastErrors(5)})`,
      });
      console.log(`  brokers ${down.join(', ')} SIGKILLed → the producer got ${JSON.stringify(refused.outcome)} after ${refused.doneAt - killedAt} ms`);
      assert.equal(refused.outcome.ok ? true : refused.outcome.retriable, true, 'NOT_ENOUGH_REPLICAS is retriable');
      const image = partitionsIn(await cluster.metadata(), TWO_DOWN)[0]!;
      assert.deepEqual(image.isr, [p0.leader], `the ISR is the leader alone: ${JSON.stringify(image)}`);
      await waitFor(() => producer.failed.filter((s) => s.sentAt > refused.doneAt).length >= 5, { timeoutMs: 10_000, description: 'more refused writes while the two brokers are down' });
      const ackedWhileDown = producer.sends.filter((s) => s.sentAt > refused.doneAt && s.outcome.ok).length;
      assert.equal(ackedWhileDown, 0, 'nothing is acknowledged with one in-sync replica of min 2');

      await Promise.all(down.map((id) => cluster.broker(id).start()));
      await waitForPartitions(cluster, TWO_DOWN, (ps) => ps[0]!.isr.length === 3, 'both brokers back in the ISR', 30_000);
      await producer.progress(50, 15_000, 'acks=all writes once they are back');
    } finally {
      await producer.stop();
    }
    const r = checkHistory(await collectHistory(cluster, kafka, TWO_DOWN, 1, producer.sends));
    const errors = [...new Set(producer.failed.map((s) => (s.outcome.ok ? '' : s.outcome.error)))];
    console.log(`  ${formatReport(r)}; errors seen: ${errors.join('; ')}`);
    assert.deepEqual(r.violations, [], formatReport(r));
  });
});
