import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Partitioners, type Admin, type Consumer, type Kafka } from 'kafkajs';
import { BrokerProcess, assignedCount, kafkaClient, waitFor, waitForStableGroup } from '../../src';

/** Short timeouts stand in for kafkajs's production defaults (session 30 s, heartbeat 3 s, max wait 5 s). */
const CONSUMER = { sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 500, rebalanceTimeout: 10_000 };

interface Seen {
  readonly member: string;
  readonly partition: number;
  readonly value: string;
}

describe('consumer groups with kafkajs', () => {
  let broker: BrokerProcess;
  let kafka: Kafka;
  let admin: Admin;
  const consumers: Consumer[] = [];

  before(async () => {
    broker = await new BrokerProcess({ args: ['--group-initial-rebalance-delay-ms', '300'] }).start();
    kafka = kafkaClient(broker.bootstrap);
    admin = kafka.admin();
    await admin.connect();
  });

  after(async () => {
    await Promise.all(consumers.map((c) => c.disconnect().catch(() => undefined)));
    await admin?.disconnect();
    await broker?.dispose();
  });

  async function member(groupId: string, topic: string, name: string, seen: Seen[], extra: Record<string, unknown> = {}): Promise<Consumer> {
    const c = kafkaClient(broker.bootstrap, { clientId: name }).consumer({ groupId, ...CONSUMER, ...extra });
    consumers.push(c);
    await c.connect();
    await c.subscribe({ topic, fromBeginning: true });
    await c.run({ eachMessage: async ({ partition, message }) => void seen.push({ member: name, partition, value: message.value?.toString() ?? '' }) });
    return c;
  }

  async function produce(topic: string, n: number, tag: string): Promise<string[]> {
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const values = Array.from({ length: n }, (_, i) => `${tag}-${i}`);
    await producer.send({ topic, messages: values.map((v, i) => ({ key: `k${i}`, value: v })) });
    await producer.disconnect();
    return values;
  }

  test('3 partitions, 2 members: one gets 1 partition, the other 2; every message is processed by exactly one member', async () => {
    await admin.createTopics({ topics: [{ topic: 'split', numPartitions: 3 }] });
    const seen: Seen[] = [];
    await Promise.all([member('g-split', 'split', 'm1', seen), member('g-split', 'split', 'm2', seen)]);
    const g = await waitForStableGroup(admin, 'g-split', 2, 3);
    assert.deepEqual(g.members.map(assignedCount).sort(), [1, 2]);
    const values = await produce('split', 90, 'split');
    await waitFor(() => seen.length >= 90, { timeoutMs: 15_000, description: '90 messages consumed' });
    assert.equal(seen.length, 90, 'no message twice');
    assert.deepEqual(seen.map((s) => s.value).sort(), values.sort());
    for (const s of seen) {
      const owner = g.members.find((m) => (m.assignment.split ?? []).includes(s.partition));
      assert.equal(s.member, owner?.clientId, `partition ${s.partition} is read only by its owner`);
    }
  });

  test('10 members on 3 partitions: 3 active, 7 idle; an idle member takes over when an active one leaves', async () => {
    await admin.createTopics({ topics: [{ topic: 'crowd', numPartitions: 3 }] });
    const seen: Seen[] = [];
    const members = await Promise.all(Array.from({ length: 10 }, (_, i) => member('g-crowd', 'crowd', `c${i}`, seen)));
    const g = await waitForStableGroup(admin, 'g-crowd', 10, 3, 40_000);
    const active = g.members.filter((m) => assignedCount(m) > 0);
    assert.equal(active.length, 3);
    assert.equal(g.members.length - active.length, 7, '7 idle');
    const leaving = active[0]?.clientId as string;
    await members[Number(leaving.slice(1))]?.disconnect();
    const after = await waitForStableGroup(admin, 'g-crowd', 9, 3, 40_000);
    const nowActive = after.members.filter((m) => assignedCount(m) > 0).map((m) => m.clientId);
    assert.equal(nowActive.length, 3);
    assert.ok(nowActive.some((c) => !active.map((a) => a.clientId).includes(c)), 'a formerly idle member took a partition');
    await produce('crowd', 30, 'crowd');
    await waitFor(() => seen.length >= 30, { timeoutMs: 15_000, description: '30 crowd messages' });
    assert.ok(seen.every((s) => nowActive.includes(s.member)));
  });

  test('two groups on one topic each receive every message', async () => {
    await admin.createTopics({ topics: [{ topic: 'fanout', numPartitions: 3 }] });
    const billing: Seen[] = [];
    const analytics: Seen[] = [];
    await member('billing-group', 'fanout', 'billing-1', billing);
    await member('analytics-group', 'fanout', 'analytics-1', analytics);
    await Promise.all([waitForStableGroup(admin, 'billing-group', 1, 3), waitForStableGroup(admin, 'analytics-group', 1, 3)]);
    const values = await produce('fanout', 60, 'order');
    await waitFor(() => billing.length >= 60 && analytics.length >= 60, { timeoutMs: 15_000, description: 'both groups read 60' });
    assert.deepEqual(billing.map((s) => s.value).sort(), [...values].sort());
    assert.deepEqual(analytics.map((s) => s.value).sort(), [...values].sort());
  });

  test('a graceful leave hands the partitions over long before a 60 s session timeout, and the log says leave', async () => {
    await admin.createTopics({ topics: [{ topic: 'graceful', numPartitions: 2 }] });
    const seen: Seen[] = [];
    const slow = { sessionTimeout: 60_000, rebalanceTimeout: 10_000 };
    await member('g-graceful', 'graceful', 'stays', seen, slow);
    const b = await member('g-graceful', 'graceful', 'leaves', seen, slow);
    await waitForStableGroup(admin, 'g-graceful', 2, 2);
    const started = Date.now();
    await b.disconnect();
    const g = await waitForStableGroup(admin, 'g-graceful', 1, 2, 15_000);
    const took = Date.now() - started;
    console.log(`graceful leave: the remaining member owned both partitions after ${took} ms (session timeout 60 s)`);
    assert.ok(took < 15_000);
    assert.equal(g.members[0]?.clientId, 'stays');
    assert.match(broker.logs, /of group g-graceful removed: left the group \(LeaveGroup\)/);
    assert.doesNotMatch(broker.logs, /of group g-graceful removed: failed: session timeout/);
  });

  test('committed offsets survive a broker SIGKILL and restart', async () => {
    await admin.createTopics({ topics: [{ topic: 'durable', numPartitions: 3 }] });
    const seen: Seen[] = [];
    const c = await member('g-durable', 'durable', 'd1', seen);
    await waitForStableGroup(admin, 'g-durable', 1, 3);
    await produce('durable', 30, 'durable');
    await waitFor(async () => {
      const offsets = await admin.fetchOffsets({ groupId: 'g-durable', topics: ['durable'] });
      return offsets[0]?.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0) === 30;
    }, { timeoutMs: 15_000, description: 'commits covering all 30 messages' });
    await c.disconnect();
    const before = await admin.fetchOffsets({ groupId: 'g-durable', topics: ['durable'] });
    await broker.kill('SIGKILL');
    await broker.start();
    const fresh = kafkaClient(broker.bootstrap).admin();
    await fresh.connect();
    const after = await fresh.fetchOffsets({ groupId: 'g-durable', topics: ['durable'] });
    await fresh.disconnect();
    assert.deepEqual(after, before);
    await admin.disconnect();
    admin = kafka.admin();
    await admin.connect();
  });
});
