import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigResourceTypes, Partitioners, type Admin, type Kafka } from 'kafkajs';
import { BrokerProcess, kafkaClient, withKafkaError } from '../../src';

describe('kafkajs admin against the broker', () => {
  let broker: BrokerProcess;
  let kafka: Kafka;
  let admin: Admin;

  before(async () => {
    broker = await new BrokerProcess().start();
    kafka = kafkaClient(broker.bootstrap, { retry: { retries: 0 } });
    admin = kafka.admin();
    await admin.connect();
  });

  after(async () => {
    await admin?.disconnect();
    await broker?.dispose();
  });

  test('createTopics with configs, then listTopics and describeConfigs show them', async () => {
    const created = await admin.createTopics({
      topics: [{ topic: 'orders', numPartitions: 3, configEntries: [{ name: 'retention.ms', value: '3600000' }, { name: 'cleanup.policy', value: 'delete' }] }],
    });
    assert.equal(created, true);
    assert.equal(await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 3 }] }), false, 'existing topic is not created twice');
    assert.ok((await admin.listTopics()).includes('orders'));
    const meta = await admin.fetchTopicMetadata({ topics: ['orders'] });
    assert.equal(meta.topics[0]?.partitions.length, 3);
    const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: 'orders' }] });
    const entries = described.resources[0]?.configEntries ?? [];
    const retention = entries.find((e) => e.configName === 'retention.ms');
    assert.equal(retention?.configValue, '3600000');
    assert.equal(retention?.isDefault, false);
    assert.equal(entries.find((e) => e.configName === 'segment.bytes')?.isDefault, true);
  });

  test('unknown configs and bad values are refused with INVALID_CONFIG', async () => {
    await assert.rejects(
      admin.createTopics({ topics: [{ topic: 'bad-config', configEntries: [{ name: 'retention.msec', value: '1' }] }] }),
      withKafkaError('INVALID_CONFIG'),
    );
    await assert.rejects(admin.createTopics({ topics: [{ topic: 'bad-value', configEntries: [{ name: 'min.insync.replicas', value: 'two' }] }] }), withKafkaError('INVALID_CONFIG'));
    assert.ok(!(await admin.listTopics()).includes('bad-config'));
  });

  test('replication factor above the number of brokers is refused', async () => {
    await assert.rejects(admin.createTopics({ topics: [{ topic: 'rf3', numPartitions: 1, replicationFactor: 3 }] }), withKafkaError('INVALID_REPLICATION_FACTOR'));
  });

  test('invalid topic names are refused', async () => {
    await assert.rejects(admin.createTopics({ topics: [{ topic: 'bad name!', numPartitions: 1 }] }), withKafkaError('INVALID_TOPIC_EXCEPTION'));
  });

  test('alterConfigs replaces the overrides; describeConfigs shows the new values', async () => {
    await admin.createTopics({ topics: [{ topic: 'alter-me', numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '1000' }] }] });
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: 'alter-me', configEntries: [{ name: 'retention.bytes', value: '1048576' }] }] });
    const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: 'alter-me' }] });
    const entries = described.resources[0]?.configEntries ?? [];
    assert.equal(entries.find((e) => e.configName === 'retention.bytes')?.configValue, '1048576');
    assert.equal(entries.find((e) => e.configName === 'retention.ms')?.isDefault, true, 'legacy AlterConfigs resets unnamed configs');
  });

  test('fetchTopicOffsets and fetchTopicOffsetsByTimestamp', async () => {
    await admin.createTopics({ topics: [{ topic: 'offsets', numPartitions: 2 }] });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 10; i++) {
      await producer.send({ topic: 'offsets', messages: [{ partition: 0, value: `v${i}`, timestamp: String(t0 + i * 1000) }] });
    }
    await producer.disconnect();
    const offsets = await admin.fetchTopicOffsets('offsets');
    const p0 = offsets.find((o) => o.partition === 0);
    assert.deepEqual({ low: p0?.low, high: p0?.high }, { low: '0', high: '10' });
    assert.equal(offsets.find((o) => o.partition === 1)?.high, '0');
    const byTime = await admin.fetchTopicOffsetsByTimestamp('offsets', t0 + 4500);
    assert.equal(byTime.find((o) => o.partition === 0)?.offset, '5', 'first record at or after the timestamp');
  });

  test('createPartitions grows a topic; shrinking is refused', async () => {
    await admin.createTopics({ topics: [{ topic: 'grow', numPartitions: 2 }] });
    await admin.createPartitions({ topicPartitions: [{ topic: 'grow', count: 5 }] });
    const meta = await admin.fetchTopicMetadata({ topics: ['grow'] });
    assert.equal(meta.topics[0]?.partitions.length, 5);
    await assert.rejects(admin.createPartitions({ topicPartitions: [{ topic: 'grow', count: 3 }] }), withKafkaError('INVALID_PARTITIONS'));
  });

  test('deleteTopics removes a topic', async () => {
    await admin.createTopics({ topics: [{ topic: 'doomed', numPartitions: 1 }] });
    await admin.deleteTopics({ topics: ['doomed'] });
    assert.ok(!(await admin.listTopics()).includes('doomed'));
  });

  test('acks=all on a topic with min.insync.replicas=2 and one replica fails with NOT_ENOUGH_REPLICAS; acks=1 works', async () => {
    await admin.createTopics({ topics: [{ topic: 'min-isr', numPartitions: 1, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }] });
    const producer = kafkaClient(broker.bootstrap, { retry: { retries: 0 } }).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await assert.rejects(producer.send({ topic: 'min-isr', acks: -1, messages: [{ value: 'x' }] }), withKafkaError('NOT_ENOUGH_REPLICAS'));
    const [meta] = await producer.send({ topic: 'min-isr', acks: 1, messages: [{ value: 'y' }] });
    assert.equal(meta?.baseOffset, '0', 'the refused acks=all record was not appended');
    await producer.disconnect();
  });
});
