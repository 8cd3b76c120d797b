import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { CompressionTypes, Partitioners, type Admin, type Kafka } from 'kafkajs';
import {
  BrokerProcess,
  KafkaTcpProxy,
  RawKafkaClient,
  fetchOnce,
  freePort,
  kafkaClient,
  murmur2,
  murmur2Partition,
  readPartition,
  waitFor,
} from '../../src';

describe('kafkajs producer against the broker', () => {
  let broker: BrokerProcess;
  let kafka: Kafka;
  let admin: Admin;
  let raw: RawKafkaClient;

  before(async () => {
    broker = await new BrokerProcess().start();
    kafka = kafkaClient(broker.bootstrap);
    admin = kafka.admin();
    await admin.connect();
    raw = await RawKafkaClient.connect(broker.port);
  });

  after(async () => {
    raw?.close();
    await admin?.disconnect();
    await broker?.dispose();
  });

  async function topic(name: string, numPartitions: number): Promise<string> {
    assert.equal(await admin.createTopics({ topics: [{ topic: name, numPartitions }], waitForLeaders: true }), true);
    return name;
  }

  test('our murmur2 matches the reference vectors (so placement checks are independent of kafkajs)', () => {
    assert.equal(murmur2(Buffer.from('')), 275646681);
    assert.equal(murmur2(Buffer.from('kafka')), -798503068);
    assert.equal(murmur2(Buffer.from('123456789')), -1822237082);
    assert.equal(murmur2Partition('kafka', 3), 1);
    assert.equal(murmur2Partition('key1', 3), 2);
  });

  for (const acks of [1, -1]) {
    test(`acks=${acks}: every record is acknowledged with its offset and read back`, async () => {
      const t = await topic(`acks-${acks === -1 ? 'all' : acks}`, 1);
      const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      const acked: number[] = [];
      for (let i = 0; i < 5; i++) {
        const [meta] = await producer.send({ topic: t, acks, messages: Array.from({ length: 20 }, (_, j) => ({ value: `m${i * 20 + j}` })) });
        acked.push(Number(meta?.baseOffset));
      }
      await producer.disconnect();
      assert.deepEqual(acked, [0, 20, 40, 60, 80]);
      const records = await readPartition(raw, t, 0);
      assert.deepEqual(records.map((r) => r.value?.toString()), Array.from({ length: 100 }, (_, i) => `m${i}`));
      assert.deepEqual(records.map((r) => r.offset), Array.from({ length: 100 }, (_, i) => i));
    });
  }

  test('acks=0: no response is awaited; the records arrive (polled with a deadline)', async () => {
    const t = await topic('acks-0', 1);
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    for (let i = 0; i < 10; i++) await producer.send({ topic: t, acks: 0, messages: [{ value: `fire-${i}` }] });
    await waitFor(async () => (await admin.fetchTopicOffsets(t))[0]?.high === '10', { timeoutMs: 10_000, description: '10 acks=0 records' });
    await producer.disconnect();
    const values = (await readPartition(raw, t, 0)).map((r) => r.value?.toString());
    assert.deepEqual(values, Array.from({ length: 10 }, (_, i) => `fire-${i}`));
  });

  test('keyed records land on the murmur2 partition and keep send order per key', async () => {
    const t = await topic('keyed', 6);
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const keys = Array.from({ length: 25 }, (_, i) => `customer-${i}`);
    for (let round = 0; round < 8; round++) {
      await producer.send({ topic: t, messages: keys.map((k) => ({ key: k, value: `${k}#${round}` })) });
    }
    await producer.disconnect();
    const seen = new Map<string, number[]>();
    for (let p = 0; p < 6; p++) {
      for (const r of await readPartition(raw, t, p)) {
        const key = r.key?.toString() ?? '';
        assert.equal(p, murmur2Partition(key, 6), `${key} is on partition ${p}`);
        const [, round] = (r.value?.toString() ?? '').split('#');
        seen.set(key, [...(seen.get(key) ?? []), Number(round)]);
      }
    }
    assert.equal(seen.size, keys.length);
    for (const k of keys) assert.deepEqual(seen.get(k), [0, 1, 2, 3, 4, 5, 6, 7], `order of ${k}`);
  });

  test('headers and gzip survive the round trip byte for byte', async () => {
    const t = await topic('gzip-headers', 1);
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({
      topic: t,
      compression: CompressionTypes.GZIP,
      messages: [
        { key: 'k1', value: 'hello gzip', headers: { trace: 'abc', bin: Buffer.from([0, 1, 2, 255]) } },
        { key: null, value: 'x'.repeat(5000), headers: { n: '2' } },
      ],
    });
    await producer.disconnect();
    const records = await readPartition(raw, t, 0);
    assert.equal(records.length, 2);
    assert.equal(records[0]?.key?.toString(), 'k1');
    assert.equal(records[0]?.value?.toString(), 'hello gzip');
    assert.deepEqual(records[0]?.headers.map((h) => [h.key, h.value?.toString('hex')]), [['trace', Buffer.from('abc').toString('hex')], ['bin', '000102ff']]);
    assert.equal(records[1]?.key, null);
    assert.equal(records[1]?.value?.toString(), 'x'.repeat(5000));
    const [batch] = (await fetchOnce(raw, t, 0, 0)).batches;
    assert.equal((batch as Buffer).readInt16BE(21) & 0x07, 1, 'the batch is stored gzip-compressed, as the producer sent it');
    assert.ok(gunzipSync((batch as Buffer).subarray(61)).length > 5000, 'its records section is a gzip stream');
  });

  test('idempotent producer: records are written once and in order', async () => {
    const t = await topic('idempotent', 3);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    for (let i = 0; i < 10; i++) {
      await producer.send({ topic: t, acks: -1, messages: Array.from({ length: 30 }, (_, j) => ({ key: `k${j % 7}`, value: `v${i * 30 + j}` })) });
    }
    await producer.disconnect();
    let total = 0;
    for (let p = 0; p < 3; p++) total += (await readPartition(raw, t, p)).length;
    assert.equal(total, 300);
  });

  test('a dropped produce response is retried by kafkajs and creates no duplicate', async () => {
    const proxyPort = await freePort();
    const behindProxy = await new BrokerProcess({ advertisedPort: proxyPort }).start();
    const proxy = new KafkaTcpProxy(behindProxy.port);
    await proxy.listen(proxyPort);
    try {
      const client = kafkaClient(`127.0.0.1:${proxyPort}`, { requestTimeout: 1500 });
      const a = client.admin();
      await a.connect();
      await a.createTopics({ topics: [{ topic: 'dedup', numPartitions: 1 }], waitForLeaders: true });
      await a.disconnect();
      const producer = client.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      await producer.send({ topic: 'dedup', acks: -1, messages: [{ value: 'before' }] });
      let dropNext = true;
      proxy.rules.dropResponse = (apiKey) => {
        if (apiKey !== 0 || !dropNext) return false;
        dropNext = false;
        return true;
      };
      const [meta] = await producer.send({ topic: 'dedup', acks: -1, messages: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] });
      await producer.send({ topic: 'dedup', acks: -1, messages: [{ value: 'after' }] });
      await producer.disconnect();
      assert.equal(proxy.dropped, 1, 'one produce response was dropped');
      assert.equal(Number(meta?.baseOffset), 1, 'the retry was answered with the original offset');
      const direct = await RawKafkaClient.connect(behindProxy.port);
      const values = (await readPartition(direct, 'dedup', 0)).map((r) => r.value?.toString());
      direct.close();
      assert.deepEqual(values, ['before', 'a', 'b', 'c', 'after']);
    } finally {
      await proxy.close();
      await behindProxy.dispose();
    }
  });
});
