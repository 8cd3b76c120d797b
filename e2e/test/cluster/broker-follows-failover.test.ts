import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Partitioners } from 'kafkajs';
import { BrokerProcess, ControllerQuorum, TEST_SESSION_TIMEOUT_MS, kafkaClient, waitFor } from '../../src';

/**
 * A broker following a 3-voter quorum across a failover: it finds the leader on its own (no
 * leader given, voters tried in turn), and after SIGKILL of the active controller it follows the
 * new one — its /health names it, it stays unfenced, and admin requests sent to it are forwarded
 * to the new active controller.
 */
describe('cluster: a broker follows the active controller across a failover', () => {
  let quorum: ControllerQuorum;
  let broker: BrokerProcess;
  const started = Date.now();
  const followed = async (): Promise<number> => ((await broker.health()).body.controller as { leaderId: number }).leaderId;

  before(async () => {
    quorum = await ControllerQuorum.start({ count: 3, args: ['--broker-session-timeout-ms', String(TEST_SESSION_TIMEOUT_MS), '--log-level', 'warn'] });
    broker = await new BrokerProcess({ nodeId: 101, quorum: { voters: quorum.voters, clusterId: quorum.clusterId } }).start();
  });

  after(async () => {
    await broker?.dispose();
    await quorum?.stop();
    console.log(`broker-follows-failover suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('SIGKILL of the active controller: the broker follows the new one, stays unfenced, and forwards CreateTopics there', async () => {
    const first = await quorum.leader();
    await waitFor(async () => (await followed()) === first.nodeId, { timeoutMs: 5000, description: `the broker to follow controller ${first.nodeId}` });
    const admin = kafkaClient(broker.bootstrap).admin();
    await admin.connect();
    try {
      assert.equal(await admin.createTopics({ topics: [{ topic: 'before-failover', numPartitions: 2 }] }), true);
      const killedAt = Date.now();
      await first.kill('SIGKILL');
      const next = await quorum.leader();
      const followsAfter = await waitFor(async () => ((await followed()) === next.nodeId ? Date.now() - killedAt : undefined), { timeoutMs: 10_000, description: `the broker to follow controller ${next.nodeId}` });
      console.log(`broker follows the new active controller ${next.nodeId} ${followsAfter} ms after SIGKILL of ${first.nodeId}`);
      assert.equal(await admin.createTopics({ topics: [{ topic: 'after-failover', numPartitions: 2 }] }), true, 'forwarded to the new active controller');
      const meta = await admin.fetchTopicMetadata({ topics: ['before-failover', 'after-failover'] });
      for (const t of meta.topics) assert.ok(t.partitions.every((p) => p.leader === 101), `${t.name} is led by the broker`);
      const h = await broker.health();
      assert.equal(h.status, 200, JSON.stringify(h.body));
      assert.equal(h.body.brokerState, 'unfenced', 'a failover fences no live broker');
    } finally {
      await admin.disconnect();
    }
    const producer = kafkaClient(broker.bootstrap).producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
    await producer.connect();
    await producer.send({ topic: 'after-failover', acks: -1, messages: [{ key: 'k', value: 'v' }] });
    await producer.disconnect();
    assert.match(broker.logs, /controller changed: following controller/);
  });
});
