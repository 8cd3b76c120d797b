import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Consumer } from 'kafkajs';
import { FindCoordinatorRequest, FindCoordinatorResponse } from '@orderlab/kafka-protocol';
import { ClusterProcess, RawKafkaClient, createFailoverTopic, waitFor } from '../../src';

const QUIET = ['--log-level', 'warn'];
const TOPIC = 'fo-group-input';
const GROUP = 'fo-group';
const PARTITIONS = 3;
const RECORDS = 1500;

/** FindCoordinator (v2, the newest the broker serves) asked of one live broker: the group's coordinator node id, -1 while there is none. */
async function coordinatorOf(cluster: ClusterProcess, group: string): Promise<number> {
  const via = cluster.liveBrokers()[0]!;
  const client = await RawKafkaClient.connect(via.port);
  try {
    const res = await client.send(FindCoordinatorRequest, FindCoordinatorResponse, 2, { key: group, keyType: 0, coordinatorKeys: [] });
    return res.errorCode === 0 ? res.nodeId : -1;
  } finally {
    client.close();
  }
}

interface Seen {
  readonly member: number;
  readonly partition: number;
  readonly offset: number;
  readonly at: number;
}

/**
 * A consumer group (two kafkajs members, auto-commit every 20 records) is consuming when its
 * coordinator's broker is SIGKILLed: `__consumer_offsets` is replicated, so another broker takes
 * the coordinator's partition over, reloads the committed offsets, and the group rebalances and
 * resumes from them — nothing before a committed offset is read again, nothing is skipped.
 */
describe('3 controllers + 3 brokers: the group coordinator\'s broker SIGKILLed mid-consumption', () => {
  let cluster: ClusterProcess;
  const consumers: Consumer[] = [];
  const started = Date.now();

  before(async () => {
    cluster = await ClusterProcess.start({ controllers: 3, brokers: 3, controllerArgs: QUIET, brokerArgs: [...QUIET, '--group-initial-rebalance-delay-ms', '200'] });
    await createFailoverTopic(cluster, TOPIC, { partitions: PARTITIONS });
    const producer = cluster.kafka().producer({ idempotent: true });
    await producer.connect();
    for (let i = 0; i < RECORDS; i += 100) {
      await producer.send({ topic: TOPIC, acks: -1, messages: Array.from({ length: 100 }, (_, j) => ({ key: `k${(i + j) % 30}`, value: `r-${i + j}` })) });
    }
    await producer.disconnect();
  });

  after(async () => {
    await Promise.all(consumers.map((c) => c.disconnect().catch(() => undefined)));
    await cluster?.stop();
    console.log(`failover coordinator-kill suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('the group rebalances onto the other brokers and resumes from its committed offsets', async () => {
    const kafka = cluster.kafka({ retry: { retries: 30, initialRetryTime: 100, maxRetryTime: 1000 } });
    const seen: Seen[] = [];
    for (let member = 0; member < 2; member++) {
      const consumer = kafka.consumer({ groupId: GROUP, sessionTimeout: 10_000, heartbeatInterval: 500, maxWaitTimeInMs: 200, retry: { retries: 30, initialRetryTime: 100, maxRetryTime: 1000 } });
      consumers.push(consumer);
      await consumer.connect();
      await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
      await consumer.run({
        autoCommit: true,
        autoCommitThreshold: 20,
        eachMessage: async ({ partition, message }) => {
          seen.push({ member, partition, offset: Number(message.offset), at: Date.now() });
          // Slow enough that the kill lands mid-consumption.
          await new Promise((r) => setTimeout(r, 4));
        },
      });
    }
    const admin = kafka.admin();
    await admin.connect();
    try {
      await waitFor(() => seen.length >= RECORDS / 4, { timeoutMs: 30_000, description: 'the group to consume a quarter of the records' });
      const coordinator = await coordinatorOf(cluster, GROUP);
      assert.ok(coordinator > 0, 'the group has a coordinator');
      // Committed offsets are only as recent as the last auto-commit: the kill loses at most what was read since.
      const committed = new Map((await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] }))[0]!.partitions.map((p) => [p.partition, Number(p.offset)]));
      const killedAt = Date.now();
      await cluster.broker(coordinator).kill('SIGKILL');
      console.log(`  coordinator broker ${coordinator} SIGKILLed after ${seen.length} of ${RECORDS} records; committed ${JSON.stringify(Object.fromEntries(committed))}`);

      const moved = await waitFor(async () => {
        const c = await coordinatorOf(cluster, GROUP).catch(() => -1);
        return c > 0 && c !== coordinator ? c : undefined;
      }, { timeoutMs: 30_000, intervalMs: 200, description: 'another broker to become the group coordinator' });
      const movedAt = Date.now();
      console.log(`  coordinator moved to broker ${moved} after ${movedAt - killedAt} ms`);

      const offsetsRead = (p: number) => new Set(seen.filter((s) => s.partition === p).map((s) => s.offset));
      const ends = new Map((await admin.fetchTopicOffsets(TOPIC)).map((o) => [o.partition, Number(o.high)]));
      await waitFor(() => [...ends].every(([p, end]) => offsetsRead(p).size >= end), { timeoutMs: 60_000, intervalMs: 200, description: `every record consumed (${seen.length} reads so far)` });
      const resumed = seen.find((s) => s.at > movedAt);
      console.log(`  the group consumed again ${resumed ? resumed.at - killedAt : -1} ms after the kill; ${seen.length} reads for ${RECORDS} records (re-reads: what was read after the last commit)`);

      // Resumed from the committed offsets: after the kill nothing below a partition's committed offset is read again.
      for (let p = 0; p < PARTITIONS; p++) {
        const afterKill = seen.filter((s) => s.partition === p && s.at > killedAt + 50);
        const below = afterKill.filter((s) => s.offset < (committed.get(p) ?? 0));
        assert.equal(below.length, 0, `partition ${p}: ${below.length} records below committed offset ${committed.get(p)} read again after the kill (first ${JSON.stringify(below[0])})`);
        for (let o = 0; o < ends.get(p)!; o++) assert.ok(offsetsRead(p).has(o), `partition ${p}: offset ${o} consumed`);
      }
      await waitFor(async () => {
        const c = new Map((await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] }))[0]!.partitions.map((p) => [p.partition, Number(p.offset)]));
        return [...ends].every(([p, end]) => c.get(p) === end);
      }, { timeoutMs: 20_000, intervalMs: 200, description: 'the group to commit up to the end on the new coordinator' });
    } finally {
      await admin.disconnect();
    }
  });
});
