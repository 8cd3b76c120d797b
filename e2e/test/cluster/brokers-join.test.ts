import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { KafkaConnection } from '@orderlab/kafka-net';
import { ErrorCode, InitProducerIdRequest, InitProducerIdResponse, MetadataRequest, MetadataResponse } from '@orderlab/kafka-protocol';
import { Partitioners, type Admin, type Kafka } from 'kafkajs';
import { BrokerProcess, ControllerProcess, TEST_SESSION_TIMEOUT_MS, freePort, kafkaClient, newClusterId, waitFor, withKafkaError } from '../../src';

const CONTROLLER_ID = 1001;

interface MetadataBody {
  brokers: Array<{ brokerId: number; state: string; incarnationId: string }>;
  topics: Array<{ name: string; partitions: Array<{ partition: number; leader: number; isr: number[]; replicas: number[] }> }>;
}

async function initProducerId(port: number): Promise<number> {
  const conn = await KafkaConnection.connect({ host: '127.0.0.1', port, clientId: 'e2e-pid' });
  try {
    const r = await conn.request({ request: InitProducerIdRequest, response: InitProducerIdResponse }, 1, { transactionalId: null, transactionTimeoutMs: 60_000 }, { timeoutMs: 10_000 });
    assert.equal(r.errorCode, ErrorCode.NONE);
    return Number(r.producerId);
  } finally {
    conn.close();
  }
}

/**
 * One controller and three brokers spawned directly (the real KRaft path end to end): brokers
 * register, follow the metadata log and are unfenced; admin requests sent to any broker are
 * forwarded; producer ids come from disjoint controller blocks; a SIGKILLed broker is fenced after
 * the session timeout, its rf=1 partitions go offline, and it comes back with its data.
 */
describe('cluster: three brokers join a controller quorum', () => {
  let controller: ControllerProcess;
  let brokers: BrokerProcess[];
  let kafka: Kafka;
  let admin: Admin;
  let voters: string;
  const started = Date.now();
  const metadata = async (): Promise<MetadataBody> => (await controller.metadata()) as unknown as MetadataBody;

  before(async () => {
    const port = await freePort();
    voters = `${CONTROLLER_ID}@127.0.0.1:${port}`;
    const clusterId = newClusterId();
    controller = await new ControllerProcess({ nodeId: CONTROLLER_ID, voters, clusterId, args: ['--broker-session-timeout-ms', String(TEST_SESSION_TIMEOUT_MS), '--log-level', 'warn'] }).start();
    brokers = [1, 2, 3].map((nodeId) => new BrokerProcess({ nodeId, quorum: { voters, clusterId }, args: ['--log-level', 'info', '--group-initial-rebalance-delay-ms', '0'] }));
    await Promise.all(brokers.map((b) => b.start()));
    kafka = kafkaClient(brokers[0]!.bootstrap, { brokers: brokers.map((b) => b.bootstrap) });
    admin = kafka.admin();
    await admin.connect();
  });

  after(async () => {
    await admin?.disconnect();
    for (const b of brokers ?? []) await b.dispose();
    await controller?.dispose();
    console.log(`brokers-join suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('every broker is registered and unfenced, and /health names the controller it follows', async () => {
    const m = await metadata();
    assert.deepEqual(m.brokers.map((b) => [b.brokerId, b.state]), [[1, 'unfenced'], [2, 'unfenced'], [3, 'unfenced']]);
    for (const b of brokers) {
      const h = await b.health();
      assert.equal(h.status, 200, JSON.stringify(h.body));
      assert.equal(h.body.brokerState, 'unfenced');
      assert.equal((h.body.controller as { leaderId: number }).leaderId, CONTROLLER_ID);
      assert.equal((h.body.metadata as { lag: number }).lag, 0);
    }
  });

  test('a broker with another cluster id is refused with a clear error; a data dir of another cluster is refused at start', async () => {
    const stranger = new BrokerProcess({ nodeId: 9, quorum: { voters, clusterId: newClusterId() } });
    try {
      await assert.rejects(stranger.start(), /INCONSISTENT_CLUSTER_ID.*check --cluster-id/s);
      const wrongDir = new BrokerProcess({ nodeId: 9, dataDir: stranger.dataDir, quorum: { voters, clusterId: newClusterId() } });
      await assert.rejects(wrongDir.start(), /belongs to cluster .*, not --cluster-id/);
    } finally {
      await stranger.dispose();
    }
  });

  test('CreateTopics sent to one broker is forwarded; 6 rf=1 partitions spread round-robin; kafkajs produces and consumes through any broker', async () => {
    const one = kafkaClient(brokers[1]!.bootstrap).admin();
    await one.connect();
    try {
      assert.equal(await one.createTopics({ topics: [{ topic: 'spread', numPartitions: 6, replicationFactor: 1 }] }), true);
      await assert.rejects(one.createTopics({ topics: [{ topic: 'too-many', numPartitions: 1, replicationFactor: 4 }] }), withKafkaError('INVALID_REPLICATION_FACTOR'));
    } finally {
      await one.disconnect();
    }
    const topic = (await metadata()).topics.find((t) => t.name === 'spread');
    assert.ok(topic);
    const leaders = topic.partitions.map((p) => p.leader);
    for (const id of [1, 2, 3]) assert.equal(leaders.filter((l) => l === id).length, 2, `broker ${id} leads 2 of 6 partitions: ${leaders.join()}`);
    for (const p of topic.partitions) assert.deepEqual(p.isr, [p.leader], 'ISR is exactly the leader (no replication yet)');
    // Every broker answers Metadata the same way once it replayed the topic.
    for (const b of brokers) {
      const seen = kafkaClient(b.bootstrap).admin();
      await seen.connect();
      const meta = await seen.fetchTopicMetadata({ topics: ['spread'] });
      await seen.disconnect();
      assert.deepEqual(meta.topics[0]?.partitions.map((p) => p.leader).sort(), [...leaders].sort());
    }

    const producer = kafkaClient(brokers[2]!.bootstrap).producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
    await producer.connect();
    const values = Array.from({ length: 60 }, (_, i) => `m-${i}`);
    for (let p = 0; p < 6; p++) await producer.send({ topic: 'spread', acks: -1, messages: values.filter((_, i) => i % 6 === p).map((value) => ({ value, partition: p })) });
    await producer.disconnect();
    assert.deepEqual((await consumeAll(brokers[0]!.bootstrap, 'spread', 'g-first', 60)).sort(), [...values].sort());
  });

  test('InitProducerId on the three brokers gives distinct ids from disjoint blocks', async () => {
    const ids: number[] = [];
    for (let round = 0; round < 3; round++) for (const b of brokers) ids.push(await initProducerId(b.port));
    assert.equal(new Set(ids).size, ids.length, `ids: ${ids.join()}`);
    const blocks = brokers.map((_, i) => new Set(ids.filter((_, j) => j % 3 === i).map((id) => Math.floor(id / 1000))));
    for (let i = 0; i < 3; i++) for (let j = i + 1; j < 3; j++) for (const blk of blocks[i]!) assert.ok(!blocks[j]!.has(blk), `brokers ${i + 1} and ${j + 1} share block ${blk}`);
  });

  test('SIGSTOP past the session timeout: the broker is fenced; after SIGCONT it heartbeats, catches up and is unfenced with the same incarnation', async () => {
    const paused = brokers[2]!;
    const state = async () => (await metadata()).brokers.find((b) => b.brokerId === 3)!;
    const before = await state();
    paused.pause();
    try {
      await waitFor(async () => (await state()).state === 'fenced', { timeoutMs: TEST_SESSION_TIMEOUT_MS + 5000, description: 'broker 3 fenced while paused' });
      const t = (await metadata()).topics.find((x) => x.name === 'spread')!;
      assert.ok(t.partitions.filter((p) => p.replicas[0] === 3).every((p) => p.leader === -1), 'its rf=1 partitions are offline');
    } finally {
      paused.resume();
    }
    await waitFor(async () => (await state()).state === 'unfenced', { timeoutMs: 10_000, description: 'broker 3 unfenced after SIGCONT' });
    assert.equal((await state()).incarnationId, before.incarnationId, 'a paused broker keeps its incarnation');
    await waitFor(async () => (await paused.health()).status === 200, { timeoutMs: 5000, description: 'broker 3 healthy again' });
    assert.match(paused.logs, /"to":"unfenced"/);
  });

  test('SIGKILL of a broker: after the session timeout its partitions show leader -1 / LEADER_NOT_AVAILABLE; restarted, it is back with its data and a new incarnation', async () => {
    const victim = brokers[1]!;
    const before = (await metadata()).brokers.find((b) => b.brokerId === 2)!;
    const led = (await metadata()).topics.find((t) => t.name === 'spread')!.partitions.filter((p) => p.leader === 2).map((p) => p.partition);
    const killedAt = Date.now();
    await victim.kill('SIGKILL');
    const fencedAfter = await waitFor(async () => ((await metadata()).brokers.find((b) => b.brokerId === 2)?.state === 'fenced' ? Date.now() - killedAt : undefined), {
      timeoutMs: TEST_SESSION_TIMEOUT_MS + 5000,
      description: 'broker 2 fenced',
    });
    console.log(`broker 2 fenced ${fencedAfter} ms after SIGKILL (session timeout ${TEST_SESSION_TIMEOUT_MS} ms)`);
    // Raw Metadata from a surviving broker (kafkajs refuses to return a leaderless answer).
    const offline = await waitFor(async () => {
      const meta = await rawMetadata(brokers[0]!.port, 'spread');
      const parts = meta.topics[0]!.partitions.filter((p) => led.includes(p.partitionIndex));
      return parts.every((p) => p.leaderId === -1) ? { meta, parts } : undefined;
    }, { timeoutMs: 5000, description: 'broker 1 to show the partitions offline' });
    for (const p of offline.parts) assert.equal(p.errorCode, ErrorCode.LEADER_NOT_AVAILABLE);
    assert.deepEqual(offline.meta.brokers.map((b) => b.nodeId).sort(), [1, 3], 'Metadata lists only unfenced brokers');
    const producer = kafkaClient(brokers[0]!.bootstrap, { retry: { retries: 1, initialRetryTime: 100 } }).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await assert.rejects(producer.send({ topic: 'spread', acks: 1, messages: [{ value: 'nowhere', partition: led[0]! }] }), 'producing to an offline partition fails');
    await producer.disconnect();

    await victim.start();
    const afterRestart = (await metadata()).brokers.find((b) => b.brokerId === 2)!;
    assert.notEqual(afterRestart.incarnationId, before.incarnationId, 'a restarted broker registers a new incarnation');
    await waitFor(async () => {
      const t = (await metadata()).topics.find((x) => x.name === 'spread')!;
      return led.every((p) => t.partitions[p]!.leader === 2);
    }, { timeoutMs: 10_000, description: 'broker 2 to lead its partitions again' });
    assert.deepEqual((await consumeAll(brokers[2]!.bootstrap, 'spread', 'g-after-restart', 60)).length, 60, 'every record is still there');
  });

  test('DeleteTopics through one broker: every broker deletes its logs of the topic once the deletion is replayed', async () => {
    const logDirs = (b: BrokerProcess): string[] => readdirSync(join(b.dataDir, 'logs')).filter((d) => d.startsWith('spread-'));
    assert.ok(brokers.every((b) => logDirs(b).length === 2), 'each broker holds the logs of the 2 partitions it leads');
    const one = kafkaClient(brokers[2]!.bootstrap).admin();
    await one.connect();
    try {
      await one.deleteTopics({ topics: ['spread'] });
    } finally {
      await one.disconnect();
    }
    assert.equal((await metadata()).topics.find((t) => t.name === 'spread'), undefined);
    await waitFor(() => brokers.every((b) => logDirs(b).length === 0), { timeoutMs: 5000, description: 'every broker to delete the logs of spread' });
  });
});

async function rawMetadata(port: number, topic: string) {
  const conn = await KafkaConnection.connect({ host: '127.0.0.1', port, clientId: 'e2e-meta' });
  try {
    return await conn.request({ request: MetadataRequest, response: MetadataResponse }, 8, { topics: [{ name: topic }], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false }, { timeoutMs: 5000 });
  } finally {
    conn.close();
  }
}

async function consumeAll(bootstrap: string, topic: string, groupId: string, expected: number): Promise<string[]> {
  const consumer = kafkaClient(bootstrap).consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500 });
  const got: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void got.push(message.value?.toString() ?? '') });
    await waitFor(() => got.length >= expected, { timeoutMs: 30_000, description: `${expected} records from ${topic}` });
  } finally {
    await consumer.disconnect();
  }
  return got;
}
