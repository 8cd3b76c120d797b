import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode } from '@orderlab/kafka-protocol';
import { ClusterProcess, ControllerAdmin, waitFor, type ClusterMetadataJson, RF1_CONFIGS } from '../../src';

// Demo timings (the controller's and broker's defaults): heartbeats every 0.5 s, fenced after 6 s
// of silence or 1 s after the heartbeat connection closed (a SIGKILLed broker).
const SESSION_MS = 6000;
const QUIET = ['--log-level', 'warn'];

const stateOf = (m: ClusterMetadataJson, id: number) => m.brokers.find((b) => b.brokerId === id)?.state;
const partitionsOf = (m: ClusterMetadataJson, topic: string) => m.topics.find((t) => t.name === topic)?.partitions ?? [];

describe('3 controllers + 3 brokers: the active controller SIGKILLed, then SIGSTOPped for 10 s', () => {
  let cluster: ClusterProcess;
  let forwardedMs: number | undefined;
  const started = Date.now();

  before(async () => {
    cluster = await ClusterProcess.start({ controllers: 3, brokers: 3, controllerArgs: QUIET, brokerArgs: QUIET });
    console.log(`  cluster up in ${Date.now() - started} ms`);
  });

  after(async () => {
    await cluster?.stop();
    console.log(`cluster controller-failover suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('SIGKILL of the active controller: a new one is elected; topic creation through a broker and fencing work again', async () => {
    const old = await cluster.activeController();
    const killedAt = Date.now();
    await old.kill('SIGKILL');
    const next = await cluster.activeController(15_000);
    const electedMs = Date.now() - killedAt;
    assert.notEqual(next.nodeId, old.nodeId);

    const admin = cluster.kafka().admin();
    await admin.connect();
    try {
      assert.ok(await admin.createTopics({ topics: [{ topic: 'after-kill', numPartitions: 6, replicationFactor: 1, configEntries: RF1_CONFIGS }], waitForLeaders: true }));
      const createdMs = Date.now() - killedAt;
      console.log(`  controller ${old.nodeId} SIGKILLed → controller ${next.nodeId} active in ${electedMs} ms, CreateTopics through a broker done ${createdMs} ms after the kill`);
      const meta = await admin.fetchTopicMetadata({ topics: ['after-kill'] });
      const leaders = meta.topics[0]!.partitions.map((p) => p.leader).sort();
      assert.deepEqual(leaders, [1, 1, 2, 2, 3, 3], 'placed over the three unfenced brokers');
    } finally {
      await admin.disconnect();
    }

    // Fencing under the new active controller: broker 3's heartbeat connection to it closes with the
    // kill (or, if it never heartbeated there, its session expires) and its partitions go offline.
    const brokerKilledAt = Date.now();
    await cluster.broker(3).kill('SIGKILL');
    const fenced = await cluster.waitForMetadata((m) => stateOf(m, 3) === 'fenced' && m, 'broker 3 fenced by the new active controller', SESSION_MS + 10_000);
    const fencedMs = Date.now() - brokerKilledAt;
    console.log(`  broker 3 SIGKILLed → fenced by controller ${next.nodeId} after ${fencedMs} ms (session ${SESSION_MS} ms)`);
    assert.ok(fencedMs < SESSION_MS + 2000, `fenced within the session timeout (plus a heartbeat): ${fencedMs} ms`);
    const offline = partitionsOf(fenced, 'after-kill').filter((p) => p.replicas[0] === 3);
    assert.equal(offline.length, 2);
    for (const p of offline) assert.deepEqual([p.leader, p.isr], [-1, [3]], `partition ${p.partition} offline, its ISR keeps its last member`);
    await cluster.broker(3).start();
    await cluster.waitForMetadata((m) => stateOf(m, 3) === 'unfenced' && partitionsOf(m, 'after-kill').every((p) => p.leader === p.replicas[0]), 'broker 3 back, leading its partitions', 20_000);

    // The killed controller rejoins as a follower and catches up.
    await old.start();
    const leader = await cluster.activeController(15_000);
    assert.equal(leader.nodeId, next.nodeId, 'a returning voter does not depose a healthy leader (pre-vote)');
    const agreed = await cluster.agreedEverywhere();
    assert.ok(agreed.topics.some((t) => t.name === 'after-kill'));
  });

  test('SIGSTOP of the active controller for 10 s, then SIGCONT: it steps down, and every controller and broker agrees on the metadata', async () => {
    const stale = await cluster.activeController();
    const pausedAt = Date.now();
    stale.pause();
    const next = await cluster.activeController(15_000);
    assert.notEqual(next.nodeId, stale.nodeId);
    console.log(`  controller ${stale.nodeId} SIGSTOPped → controller ${next.nodeId} active in ${Date.now() - pausedAt} ms`);
    // The log moves while the old leader is frozen: a topic created at the new active controller...
    const controllers = new ControllerAdmin(() => cluster.quorum.endpoints().filter((e) => !cluster.controller(e.nodeId).paused && cluster.controller(e.nodeId).alive));
    await waitFor(async () => (await controllers.createTopic('while-paused', 3, 3000))?.errorCode === ErrorCode.NONE, { timeoutMs: 15_000, description: 'while-paused created at the new active controller' });
    // ...and one sent through a broker (which forwards it to the controller it knows), retried
    // on REQUEST_TIMED_OUT as every client does.
    const viaBrokerAt = Date.now();
    const viaBroker = (async () => {
      for (;;) {
        const r = await cluster.createTopicVia(1, 'via-broker-while-paused', 3, 5000);
        const done = r.errorCode !== ErrorCode.REQUEST_TIMED_OUT || Date.now() - viaBrokerAt > 25_000;
        if (done) return { ...r, errorCode: r.errorCode === ErrorCode.TOPIC_ALREADY_EXISTS ? ErrorCode.NONE : r.errorCode, ms: Date.now() - viaBrokerAt };
      }
    })();
    // The fault itself lasts 10 s (the scenario, not a wait for a condition).
    await new Promise((r) => setTimeout(r, Math.max(0, 10_000 - (Date.now() - pausedAt))));
    stale.resume();
    const resumedAt = Date.now();
    const leader = await cluster.activeController(15_000);
    assert.equal(leader.nodeId, next.nodeId, 'the resumed controller did not take leadership back');
    const view = await stale.quorum();
    assert.deepEqual([view.role, view.leaderId, view.epoch], ['follower', next.nodeId, (await next.quorum()).epoch], 'it stepped down and follows the new epoch');
    const agreed = await cluster.agreedEverywhere();
    console.log(`  SIGCONT → controller ${stale.nodeId} a follower and all 3 controllers and 3 brokers agree within ${Date.now() - resumedAt} ms (applied offset ${agreed.appliedOffset})`);
    const forwarded = await viaBroker;
    forwardedMs = forwarded.ms;
    console.log(`  CreateTopics through broker 1 during the pause: ${forwarded.errorCode === 0 ? 'created' : `error ${forwarded.errorCode}`} after ${forwarded.ms} ms`);
    assert.equal(forwarded.errorCode, ErrorCode.NONE, `the forwarded CreateTopics succeeded in the end: ${forwarded.errorMessage}`);
    const names = (await cluster.agreedEverywhere()).topics.map((t) => t.name).filter((n) => !n.startsWith('__'));
    assert.deepEqual(names.sort(), ['after-kill', 'via-broker-while-paused', 'while-paused']);
    assert.deepEqual(agreed.brokers.map((b) => [b.brokerId, b.state]), [[1, 'unfenced'], [2, 'unfenced'], [3, 'unfenced']]);
  });

  // A frozen (not dead) old leader would hold a forwarded request for its whole deadline if one
  // attempt could use all of it. The broker's ControllerClient gives each attempt at most 6 s and
  // resends at once when its metadata follower learns the new leader (as Kafka's broker moves to
  // the leader its metadata log names).
  test('a CreateTopics forwarded by a broker while the old leader is frozen completes within 5 s (not after the pause)', () => {
    assert.ok(forwardedMs !== undefined && forwardedMs < 5000, `took ${forwardedMs} ms`);
  });
});
