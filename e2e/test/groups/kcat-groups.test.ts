import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PartitionAssigners, Partitioners, type Admin, type Consumer, type Kafka } from 'kafkajs';
import { BrokerProcess, KcatProcess, assignedCount, kafkaClient, kcatAvailable, kafkaErrorTypes, waitFor, waitForStableGroup } from '../../src';

const available = kcatAvailable();
if (!available) console.log('kcat group tests skipped: the kcat binary is not installed (apt-get install kcat; .ci/run installs it)');

/** kafkajs's round-robin assigner under the name librdkafka uses, so the two can agree on a protocol. */
const roundrobinNamed: typeof PartitionAssigners.roundRobin = (config) => ({ ...PartitionAssigners.roundRobin(config), name: 'roundrobin' });

describe('consumer groups with kcat (librdkafka)', { skip: !available && 'kcat is not installed' }, () => {
  let broker: BrokerProcess;
  let kafka: Kafka;
  let admin: Admin;
  const kcats: KcatProcess[] = [];
  const consumers: Consumer[] = [];

  before(async () => {
    broker = await new BrokerProcess({ args: ['--group-initial-rebalance-delay-ms', '300'] }).start();
    kafka = kafkaClient(broker.bootstrap);
    admin = kafka.admin();
    await admin.connect();
  });

  after(async () => {
    await Promise.all(kcats.map((k) => k.stop('SIGKILL')));
    await Promise.all(consumers.map((c) => c.disconnect().catch(() => undefined)));
    await admin?.disconnect();
    await broker?.dispose();
  });

  function kcatMember(group: string, topic: string, extra: string[] = []): KcatProcess {
    const k = new KcatProcess(['-b', broker.bootstrap, '-G', group, '-q', '-f', '%p|%o|%s\\n', '-X', 'auto.offset.reset=earliest', '-X', 'session.timeout.ms=6000', '-X', 'heartbeat.interval.ms=500', ...extra, topic]);
    kcats.push(k);
    return k;
  }

  async function produce(topic: string, n: number): Promise<string[]> {
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const values = Array.from({ length: n }, (_, i) => `${topic}-${i}`);
    await producer.send({ topic, messages: values.map((v, i) => ({ key: `key-${i}`, value: v })) });
    await producer.disconnect();
    return values;
  }

  const valuesOf = (k: KcatProcess) => k.lines.map((l) => l.split('|')[2] ?? '');

  test('two kcat -G members (range assignor) split 3 partitions 1+2 and read each record once', async () => {
    await admin.createTopics({ topics: [{ topic: 'kg', numPartitions: 3 }] });
    const a = kcatMember('kcat-group', 'kg');
    const b = kcatMember('kcat-group', 'kg');
    const g = await waitForStableGroup(admin, 'kcat-group', 2, 3);
    assert.equal(g.protocol, 'range');
    assert.deepEqual(g.members.map(assignedCount).sort(), [1, 2]);
    const values = await produce('kg', 60);
    await waitFor(() => a.lines.length + b.lines.length >= 60, { timeoutMs: 20_000, description: '60 records read by kcat' });
    assert.deepEqual([...valuesOf(a), ...valuesOf(b)].sort(), values.sort(), 'each record exactly once');
  });

  test('kcat and kafkajs share a group when kafkajs offers an assigner named "roundrobin"', async () => {
    await admin.createTopics({ topics: [{ topic: 'mixed', numPartitions: 3 }] });
    const k = kcatMember('mixed-group', 'mixed');
    const seen: string[] = [];
    const c = kafkaClient(broker.bootstrap, { clientId: 'kafkajs-member' }).consumer({ groupId: 'mixed-group', sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 500, partitionAssigners: [roundrobinNamed] });
    consumers.push(c);
    await c.connect();
    await c.subscribe({ topic: 'mixed', fromBeginning: true });
    await c.run({ eachMessage: async ({ message }) => void seen.push(message.value?.toString() ?? '') });
    const g = await waitForStableGroup(admin, 'mixed-group', 2, 3);
    assert.equal(g.protocol, 'roundrobin');
    assert.ok(g.members.every((m) => assignedCount(m) > 0), 'both clients got partitions');
    const values = await produce('mixed', 60);
    await waitFor(() => seen.length + k.lines.length >= 60, { timeoutMs: 20_000, description: '60 records across kcat and kafkajs' });
    assert.deepEqual([...seen, ...valuesOf(k)].sort(), values.sort());
  });

  test('with default assigners (RoundRobinAssigner vs range,roundrobin) the joiner gets INCONSISTENT_GROUP_PROTOCOL', async () => {
    await admin.createTopics({ topics: [{ topic: 'clash', numPartitions: 3 }] });
    kcatMember('clash-group', 'clash');
    await waitForStableGroup(admin, 'clash-group', 1, 3);
    const c = kafkaClient(broker.bootstrap, { clientId: 'default-kafkajs', retry: { retries: 0 } }).consumer({ groupId: 'clash-group', sessionTimeout: 6000, heartbeatInterval: 500, retry: { retries: 0 } });
    consumers.push(c);
    const crashed = new Promise<unknown>((resolve) => c.on(c.events.CRASH, (e) => resolve(e.payload.error)));
    await c.connect();
    await c.subscribe({ topic: 'clash' });
    await c.run({ eachMessage: async () => undefined }).catch(() => undefined);
    const error = await crashed;
    assert.ok(kafkaErrorTypes(error).includes('INCONSISTENT_GROUP_PROTOCOL'), `got ${kafkaErrorTypes(error).join(', ')}`);
    const g = await waitForStableGroup(admin, 'clash-group', 1, 3);
    assert.equal(g.protocol, 'range', 'the kcat member keeps the group');
  });

  test('a static kcat member (group.instance.id) restarts without a rebalance', async () => {
    await admin.createTopics({ topics: [{ topic: 'static', numPartitions: 2 }] });
    const staticArgs = (id: string) => ['-X', `group.instance.id=${id}`, '-X', 'session.timeout.ms=20000'];
    const first = kcatMember('static-group', 'static', staticArgs('kcat-1'));
    kcatMember('static-group', 'static', staticArgs('kcat-2'));
    const before = await waitForStableGroup(admin, 'static-group', 2, 2);
    const generation = async () => ((await (await fetch(`http://127.0.0.1:${broker.adminPort}/groups/static-group`)).json()) as { generationId: number }).generationId;
    const genBefore = await generation();
    await first.stop('SIGKILL');
    const restarted = kcatMember('static-group', 'static', staticArgs('kcat-1'));
    await waitFor(() => /static member kcat-1 of group static-group rejoined as/.test(broker.logs), { timeoutMs: 20_000, description: 'the static member to rejoin' });
    const after = await waitForStableGroup(admin, 'static-group', 2, 2);
    assert.equal(await generation(), genBefore, 'same generation: no rebalance');
    assert.deepEqual(after.members.map((m) => JSON.stringify(m.assignment)).sort(), before.members.map((m) => JSON.stringify(m.assignment)).sort(), 'same assignments');
    await produce('static', 20);
    await waitFor(() => restarted.lines.length > 0, { timeoutMs: 20_000, description: 'the restarted member to consume its partition' });
  });
});
