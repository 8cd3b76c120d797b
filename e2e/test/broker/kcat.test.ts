import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Partitioners, type Admin } from 'kafkajs';
import { BrokerProcess, RawKafkaClient, fetchOnce, kafkaClient, kcat, kcatAvailable, murmur2Partition, waitFor } from '../../src';

const available = kcatAvailable();
if (!available) console.log('kcat tests skipped: the kcat binary is not installed (apt-get install kcat; .ci/run installs it)');

describe('kcat (librdkafka 2.0.2) against the broker', { skip: !available && 'kcat is not installed' }, () => {
  let broker: BrokerProcess;
  let admin: Admin;
  const b = (): string[] => ['-b', broker.bootstrap];

  before(async () => {
    broker = await new BrokerProcess().start();
    admin = kafkaClient(broker.bootstrap).admin();
    await admin.connect();
  });

  after(async () => {
    await admin?.disconnect();
    await broker?.dispose();
  });

  async function produce(topic: string, lines: string[], extra: string[] = []): Promise<void> {
    const res = await kcat([...b(), '-t', topic, '-P', '-K:', '-X', 'topic.partitioner=murmur2_random', ...extra], { input: lines.join('\n') + '\n' });
    assert.equal(res.code, 0, `kcat -P failed: ${res.stderr}`);
  }

  async function consume(topic: string, args: string[]): Promise<string[]> {
    const res = await kcat([...b(), '-t', topic, '-C', '-e', '-q', '-f', '%p|%o|%k|%s|%h\\n', ...args]);
    assert.equal(res.code, 0, `kcat -C failed: ${res.stderr}`);
    return res.stdout.split('\n').filter((l) => l.length > 0);
  }

  test('-L lists the broker and topics', async () => {
    await admin.createTopics({ topics: [{ topic: 'listed', numPartitions: 3 }] });
    const res = await kcat([...b(), '-L']);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /1 brokers:\s+broker 1 at 127\.0\.0\.1:\d+/);
    assert.match(res.stdout, /topic "listed" with 3 partitions:/);
    assert.match(res.stdout, /partition 2, leader 1, replicas: 1, isrs: 1/);
  });

  test('-P -K: with headers: keys land where kafkajs would put them (murmur2_random), values and headers read back', async () => {
    await admin.createTopics({ topics: [{ topic: 'kcat-keys', numPartitions: 4 }] });
    const lines = Array.from({ length: 40 }, (_, i) => `user-${i % 10}:order-${i}`);
    await produce('kcat-keys', lines, ['-H', 'source=kcat', '-H', 'v=1']);
    const seen: string[] = [];
    for (let p = 0; p < 4; p++) {
      for (const line of await consume('kcat-keys', ['-p', String(p), '-o', 'beginning'])) {
        const [part, , key, value, headers] = line.split('|');
        assert.equal(Number(part), murmur2Partition(key ?? '', 4), `${key} on ${part}`);
        assert.equal(headers, 'source=kcat,v=1');
        seen.push(value ?? '');
      }
    }
    assert.deepEqual(seen.sort(), lines.map((l) => l.split(':')[1]).sort());
    // The same keys sent by kafkajs land on the same partitions.
    const producer = kafkaClient(broker.bootstrap).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const [meta] = await producer.send({ topic: 'kcat-keys', messages: [{ key: 'user-3', value: 'from-kafkajs' }] });
    await producer.disconnect();
    assert.equal(meta?.partition, murmur2Partition('user-3', 4));
  });

  for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd']) {
    test(`-z ${codec} round-trips values and headers`, async () => {
      const topic = `codec-${codec}`;
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
      const lines = Array.from({ length: 50 }, (_, i) => `k${i}:${codec}-value-${i}-${'z'.repeat(i)}`);
      await produce(topic, lines, ['-z', codec, '-H', `codec=${codec}`]);
      const got = await consume(topic, ['-p', '0', '-o', 'beginning']);
      assert.deepEqual(got.map((l) => l.split('|').slice(2).join('|')), lines.map((l) => `${l.replace(':', '|')}|codec=${codec}`));
    });
  }

  test('zstd batches go only to fetchers that know zstd (Fetch v10+); v9 gets UNSUPPORTED_COMPRESSION_TYPE', async () => {
    await admin.createTopics({ topics: [{ topic: 'zstd-only', numPartitions: 1 }] });
    // Long and repetitive, so librdkafka finds compression worthwhile (it sends small batches uncompressed).
    await produce('zstd-only', [`k:${'compressible '.repeat(200)}`], ['-z', 'zstd']);
    const raw = await RawKafkaClient.connect(broker.port);
    const old = await fetchOnce(raw, 'zstd-only', 0, 0, 0, 9);
    const modern = await fetchOnce(raw, 'zstd-only', 0, 0, 0, 10);
    raw.close();
    assert.equal(old.errorCode, 76, 'UNSUPPORTED_COMPRESSION_TYPE');
    assert.equal(old.batches.length, 0);
    assert.equal(modern.errorCode, 0);
    assert.equal((modern.batches[0] as Buffer).readInt16BE(21) & 0x07, 4, 'the stored batch is zstd, as kcat sent it');
  });

  test('reads from an offset, the last 5 records, and from a timestamp', async () => {
    await admin.createTopics({ topics: [{ topic: 'positions', numPartitions: 1 }] });
    await produce('positions', Array.from({ length: 10 }, (_, i) => `k:early-${i}`));
    const boundary = Date.now();
    await waitFor(() => Date.now() > boundary + 2, { timeoutMs: 1000, description: 'the clock to pass the boundary' });
    await produce('positions', Array.from({ length: 10 }, (_, i) => `k:late-${i}`));
    const all = await consume('positions', ['-p', '0', '-o', 'beginning']);
    assert.equal(all.length, 20);
    const fromOffset = await consume('positions', ['-p', '0', '-o', '7']);
    assert.deepEqual(fromOffset.map((l) => l.split('|')[1]), Array.from({ length: 13 }, (_, i) => String(7 + i)));
    const last5 = await consume('positions', ['-p', '0', '-o', '-5']);
    assert.deepEqual(last5.map((l) => l.split('|')[3]), ['late-5', 'late-6', 'late-7', 'late-8', 'late-9']);
    const fromTime = await consume('positions', ['-p', '0', '-o', `s@${boundary + 1}`]);
    assert.deepEqual(fromTime.map((l) => l.split('|')[3]), Array.from({ length: 10 }, (_, i) => `late-${i}`));
  });
});
