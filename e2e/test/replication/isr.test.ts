import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode } from '@orderlab/kafka-protocol';
import { ClusterProcess, createReplicatedTopic, highWatermark, rawProduce, waitForPartition } from '../../src';

const QUIET = ['--log-level', 'warn'];
// Shorter than the broker session (6 s), so the leader's own shrink is what removes a frozen follower, not fencing.
const LAG_MS = 2000;
const started = Date.now();

/**
 * The ISR on real processes: a frozen follower leaves the ISR after the lag time by the leader's
 * AlterPartition and acks=all goes on with min.insync.replicas 2; it rejoins once caught up.
 * With two of three brokers gone, acks=all is refused with NOT_ENOUGH_REPLICAS (acks=1 is not).
 */
describe('replication: ISR shrink, expand and min.insync.replicas (3 + 3 processes)', () => {
  let cluster: ClusterProcess;

  before(async () => {
    cluster = await ClusterProcess.start({ controllers: 3, brokers: 3, controllerArgs: QUIET, brokerArgs: [...QUIET, '--replica-lag-time-max-ms', String(LAG_MS)] });
  });

  after(async () => {
    await cluster?.stop();
    console.log(`replication isr suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('SIGSTOP a follower past the lag time: the ISR shrinks (it is not fenced), acks=all goes on with 2 of 3; SIGCONT: it catches up and rejoins', async () => {
    const topic = 'isr-shrink';
    await createReplicatedTopic(cluster, topic, 3, { 'min.insync.replicas': '2' });
    const initial = await waitForPartition(cluster, topic, (p) => p.leader > 0 && p.isr.length === 3, 'a full ISR');
    const leader = cluster.broker(initial.leader);
    const frozen = cluster.broker(initial.replicas.find((id) => id !== initial.leader)!);
    assert.equal((await rawProduce(leader.port, topic, ['before'], -1)).errorCode, 0);

    frozen.pause();
    const pausedAt = Date.now();
    // This write waits for the frozen follower until the shrink is committed, then succeeds.
    const during = await rawProduce(leader.port, topic, ['during'], -1, 15_000);
    const waitedMs = Date.now() - pausedAt;
    assert.equal(during.errorCode, 0, `acks=all after the shrink: ${during.errorMessage}`);
    const shrunk = await waitForPartition(cluster, topic, (p) => !p.isr.includes(frozen.nodeId), 'the frozen follower out of the ISR', 10_000);
    assert.equal(shrunk.isr.length, 2);
    assert.equal(shrunk.leaderEpoch, initial.leaderEpoch, 'an ISR change alone keeps the leader epoch');
    const m = await cluster.metadata();
    assert.equal(m.brokers.find((b) => b.brokerId === frozen.nodeId)?.state, 'unfenced', 'removed by the leader\'s shrink, not by fencing');
    console.log(`  follower frozen → acks=all answered after ${waitedMs} ms (lag time ${LAG_MS} ms)`);
    assert.ok(waitedMs >= LAG_MS - 200, `the write waited for the lag time (${waitedMs} ms)`);
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) assert.equal((await rawProduce(leader.port, topic, [`after-${i}`], -1)).errorCode, 0);
    console.log(`  5 acks=all writes with 2 of 3 in sync: ${Date.now() - t0} ms`);

    frozen.resume();
    const back = await waitForPartition(cluster, topic, (p) => p.isr.includes(frozen.nodeId), 'the follower back in the ISR', 15_000);
    assert.equal(back.isr.length, 3);
    assert.equal((await highWatermark(leader.port, topic)).offset, 7);
  });

  test('two of three brokers down: acks=all gets NOT_ENOUGH_REPLICAS before any append, acks=1 still works; nothing acknowledged is lost when they return', async () => {
    const topic = 'min-isr';
    await createReplicatedTopic(cluster, topic, 3, { 'min.insync.replicas': '2' });
    const initial = await waitForPartition(cluster, topic, (p) => p.leader > 0 && p.isr.length === 3, 'a full ISR');
    const leader = cluster.broker(initial.leader);
    const others = initial.replicas.filter((id) => id !== initial.leader).map((id) => cluster.broker(id));
    for (let i = 0; i < 3; i++) assert.equal((await rawProduce(leader.port, topic, [`ok-${i}`], -1)).errorCode, 0);

    for (const b of others) await b.kill('SIGKILL');
    await waitForPartition(cluster, topic, (p) => p.isr.length === 1 && p.leader === initial.leader, 'the ISR down to the leader', 20_000);
    const refused = await rawProduce(leader.port, topic, ['refused'], -1);
    assert.equal(refused.errorCode, ErrorCode.NOT_ENOUGH_REPLICAS, `acks=all: ${JSON.stringify(refused)}`);
    assert.equal((await highWatermark(leader.port, topic)).offset, 3, 'nothing was appended');
    assert.equal((await rawProduce(leader.port, topic, ['acks1'], 1)).errorCode, 0, 'acks=1 does not ask for replicas');

    for (const b of others) await b.restart();
    await waitForPartition(cluster, topic, (p) => p.isr.length === 3, 'the ISR whole again', 30_000);
    assert.equal((await rawProduce(leader.port, topic, ['again'], -1)).errorCode, 0);
    assert.equal((await highWatermark(leader.port, topic)).offset, 5, 'the 3 acknowledged writes, the acks=1 one and the new one');
  });
});
