import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Partitioners, type Admin, type Consumer, type Kafka } from 'kafkajs';
import {
  ErrorCode,
  FindCoordinatorRequest,
  FindCoordinatorResponse,
  OffsetCommitRequest,
  OffsetCommitResponse,
  OffsetDeleteRequest,
  OffsetDeleteResponse,
} from '@orderlab/kafka-protocol';
import { BrokerProcess, RawKafkaClient, kafkaClient, waitFor, waitForStableGroup } from '../../src';

/** Committed offset of partition 0, or -1 when none. */
async function committed(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return Number(t?.partitions.find((p) => p.partition === 0)?.offset ?? -1);
}

describe('committed offsets have a lifecycle: unknown topics, deleted topics, OffsetDelete', () => {
  let broker: BrokerProcess;
  let kafka: Kafka;
  let admin: Admin;
  let raw: RawKafkaClient;
  const consumers: Consumer[] = [];

  before(async () => {
    broker = await new BrokerProcess({ args: ['--group-initial-rebalance-delay-ms', '0'] }).start();
    kafka = kafkaClient(broker.bootstrap);
    admin = kafka.admin();
    await admin.connect();
    raw = await RawKafkaClient.connect(broker.port);
  });

  after(async () => {
    await Promise.all(consumers.map((c) => c.disconnect().catch(() => undefined)));
    raw?.close();
    await admin?.disconnect().catch(() => undefined);
    await broker?.dispose();
  });

  async function restart(): Promise<void> {
    raw.close();
    await admin.disconnect();
    await broker.restart();
    admin = kafka.admin();
    await admin.connect();
    raw = await RawKafkaClient.connect(broker.port);
  }

  function standaloneCommit(groupId: string, topics: Array<{ name: string; partitions: number[] }>) {
    return raw.send(OffsetCommitRequest, OffsetCommitResponse, 7, {
      groupId,
      generationIdOrMemberEpoch: -1,
      memberId: '',
      groupInstanceId: null,
      topics: topics.map((t) => ({ name: t.name, partitions: t.partitions.map((partitionIndex) => ({ partitionIndex, committedOffset: 10, committedLeaderEpoch: -1, committedMetadata: null })) })),
    });
  }

  function deleteOffsets(groupId: string, topic: string, partitions: number[]) {
    return raw.send(OffsetDeleteRequest, OffsetDeleteResponse, 0, { groupId, topics: [{ name: topic, partitions: partitions.map((partitionIndex) => ({ partitionIndex })) }] });
  }

  /** A kafkajs consumer that reads `topic` in `groupId` until it has seen `count` messages, commits, and (unless kept) leaves. */
  async function consume(groupId: string, topic: string, count: number, keep = false): Promise<Consumer> {
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: count }, (_, i) => ({ partition: 0, value: `m${i}` })) });
    await producer.disconnect();
    const c = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 200 });
    consumers.push(c);
    await c.connect();
    await c.subscribe({ topic, fromBeginning: true });
    await c.run({ autoCommitInterval: 100, eachMessage: async () => undefined });
    await waitFor(async () => (await committed(admin, groupId, topic)) >= count, { timeoutMs: 20_000, description: `${groupId} committed ${count} on ${topic}` });
    if (!keep) await c.disconnect();
    return c;
  }

  test('a commit to a topic or partition the cluster does not have gets UNKNOWN_TOPIC_OR_PARTITION, per partition', async () => {
    const started = Date.now();
    await admin.createTopics({ topics: [{ topic: 'one-partition', numPartitions: 1 }] });
    assert.equal((await raw.send(FindCoordinatorRequest, FindCoordinatorResponse, 2, { key: 'lost', keyType: 0 })).errorCode, ErrorCode.NONE);
    const answer = await standaloneCommit('lost', [{ name: 'ghost', partitions: [0] }, { name: 'one-partition', partitions: [0, 9] }]);
    assert.deepEqual(
      answer.topics.map((t) => [t.name, t.partitions.map((p) => [p.partitionIndex, p.errorCode])]),
      [['ghost', [[0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]]], ['one-partition', [[0, ErrorCode.NONE], [9, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]]]],
    );
    const stored = await admin.fetchOffsets({ groupId: 'lost' });
    assert.deepEqual(stored.map((t) => [t.topic, t.partitions.map((p) => [p.partition, p.offset])]), [['one-partition', [[0, '10']]]], 'nothing stored for the unknown ones');
    console.log(`offsets-lifecycle: unknown-topic commits in ${Date.now() - started} ms`);
  });

  test('deleting a topic deletes its committed offsets: a topic created again under its name starts with none, also after a restart', async () => {
    const started = Date.now();
    await admin.createTopics({ topics: [{ topic: 'doomed', numPartitions: 1 }] });
    await consume('doomed-readers', 'doomed', 5);
    assert.equal(await committed(admin, 'doomed-readers', 'doomed'), 5);
    await admin.deleteTopics({ topics: ['doomed'] });
    await admin.createTopics({ topics: [{ topic: 'doomed', numPartitions: 1 }] });
    assert.equal(await committed(admin, 'doomed-readers', 'doomed'), -1, 'the new topic does not inherit offset 5');
    await restart();
    assert.equal(await committed(admin, 'doomed-readers', 'doomed'), -1, 'the deletion was durable');
    const listed = (await admin.listGroups()).groups.map((g) => g.groupId);
    assert.ok(!listed.includes('doomed-readers'), 'an empty group with no offsets left is removed');
    console.log(`offsets-lifecycle: topic deletion in ${Date.now() - started} ms`);
  });

  test('OffsetDelete: an empty group loses the offsets; a live group keeps those of topics it consumes; unknown groups and partitions get their errors', async () => {
    const started = Date.now();
    await admin.createTopics({ topics: [{ topic: 'ledger', numPartitions: 1 }, { topic: 'archive', numPartitions: 1 }] });
    await consume('ledger-readers', 'ledger', 3);
    assert.deepEqual(await deleteOffsets('ledger-readers', 'ledger', [0, 7]), {
      errorCode: 0,
      throttleTimeMs: 0,
      topics: [{ name: 'ledger', partitions: [{ partitionIndex: 0, errorCode: 0 }, { partitionIndex: 7, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION }] }],
    });
    assert.equal(await committed(admin, 'ledger-readers', 'ledger'), -1);

    await consume('live-readers', 'archive', 2, true);
    await waitForStableGroup(admin, 'live-readers', 1, 1);
    const busy = await deleteOffsets('live-readers', 'archive', [0]);
    assert.deepEqual(busy.topics[0]?.partitions, [{ partitionIndex: 0, errorCode: ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC }]);
    assert.equal(await committed(admin, 'live-readers', 'archive'), 2, 'kept');
    assert.equal((await deleteOffsets('nobody-here', 'ledger', [0])).errorCode, ErrorCode.GROUP_ID_NOT_FOUND);

    await restart();
    assert.equal(await committed(admin, 'ledger-readers', 'ledger'), -1, 'the deletion was durable');
    assert.equal(await committed(admin, 'live-readers', 'archive'), 2);
    console.log(`offsets-lifecycle: OffsetDelete in ${Date.now() - started} ms`);
  });
});
