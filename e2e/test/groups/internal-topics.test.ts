import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CompressionTypes, ConfigResourceTypes, Partitioners, type Admin, type Kafka } from 'kafkajs';
import {
  AlterConfigsRequest,
  AlterConfigsResponse,
  CONSUMER_OFFSETS_TOPIC,
  CompressionType,
  ErrorCode,
  encodeOffsetsRecord,
  encodeRecordBatch,
  groupOffsetsPartition,
} from '@orderlab/kafka-protocol';
import {
  BrokerProcess,
  CODECS,
  RawKafkaClient,
  appendBatchesToLog,
  kafkaClient,
  kcat,
  kcatAvailable,
  toolAvailable,
  waitFor,
  withKafkaError,
} from '../../src';

const missing = [kcatAvailable() ? null : 'kcat', toolAvailable('lz4') ? null : 'lz4', toolAvailable('zstd') ? null : 'zstd'].filter((t) => t !== null);
const skip = missing.length > 0 ? `needs ${missing.join(', ')} (apt-get install kcat lz4 zstd)` : false;
if (skip) console.log(`internal-topics: skipped: ${skip}`);

const VICTIM = 'victim-group';
const PARTITION = groupOffsetsPartition(VICTIM);

/** A group id that lives on the same __consumer_offsets partition as the victim. */
function groupOnVictimPartition(prefix: string): string {
  for (let i = 0; ; i++) if (groupOffsetsPartition(`${prefix}-${i}`) === PARTITION) return `${prefix}-${i}`;
}

function commitRecord(group: string, offset: number): { key: Buffer; value: Buffer | null } {
  return encodeOffsetsRecord({ key: { type: 'offset', group, topic: 'orders', partition: 0 }, value: { offset, leaderEpoch: -1, metadata: '', commitTimestamp: Date.now() } });
}

async function committed(admin: Admin, groupId: string): Promise<number> {
  const [t] = await admin.fetchOffsets({ groupId, topics: ['orders'] });
  return Number(t?.partitions.find((p) => p.partition === 0)?.offset ?? -1);
}

describe('internal topics: clients cannot write __consumer_offsets, and the loader survives whatever is in it', { skip }, () => {
  let broker: BrokerProcess;
  let kafka: Kafka;
  let admin: Admin;

  before(async () => {
    broker = await new BrokerProcess({ args: ['--group-initial-rebalance-delay-ms', '0'] }).start();
    kafka = kafkaClient(broker.bootstrap);
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 1 }] });
    await admin.setOffsets({ groupId: VICTIM, topic: 'orders', partitions: [{ partition: 0, offset: '5' }] });
  });

  after(async () => {
    await admin?.disconnect().catch(() => undefined);
    await broker?.dispose();
  });

  async function restart(): Promise<void> {
    await admin.disconnect();
    await broker.restart();
    admin = kafka.admin();
    await admin.connect();
  }

  test('Produce to __consumer_offsets is refused with INVALID_TOPIC_EXCEPTION (kcat gzip, kafkajs forged commits), and the offsets stay', async () => {
    const started = Date.now();
    const viaKcat = await kcat(['-b', broker.bootstrap, '-t', CONSUMER_OFFSETS_TOPIC, '-p', String(PARTITION), '-P', '-z', 'gzip'], { input: 'hostile\n' });
    assert.notEqual(viaKcat.code, 0, 'kcat reports the failed delivery');
    assert.match(viaKcat.stderr, /Invalid topic/, viaKcat.stderr);

    const forged = commitRecord(VICTIM, 999_999);
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, retry: { retries: 0 } });
    await producer.connect();
    for (const compression of [CompressionTypes.None, CompressionTypes.GZIP]) {
      await assert.rejects(
        producer.send({ topic: CONSUMER_OFFSETS_TOPIC, compression, messages: [{ partition: PARTITION, key: forged.key, value: forged.value }] }),
        withKafkaError('INVALID_TOPIC_EXCEPTION'),
      );
    }
    await producer.disconnect();

    assert.equal(await committed(admin, VICTIM), 5, 'the forged commit was not applied');
    await restart();
    assert.equal(await committed(admin, VICTIM), 5, 'nor does it appear after a restart');
    console.log(`internal-topics: produce refused and restart clean in ${Date.now() - started} ms`);
  });

  test('a restart loads commits in every codec, reports unreadable records with partition and offset, skips them, and serves groups', async () => {
    const started = Date.now();
    await broker.kill('SIGKILL');
    const expected = new Map<string, number>();
    const good = CODECS.map((codec, i) => (baseOffset: number) => {
      const group = groupOnVictimPartition(`codec-${codec.name}`);
      expected.set(group, 100 + i);
      return encodeRecordBatch({ baseOffset, attributes: codec.type, compress: codec.compress, records: [commitRecord(group, 100 + i)] });
    });
    const hostile = [
      // a gzip batch whose body is not gzip (its CRC is valid: only decoding can tell)
      (baseOffset: number) => encodeRecordBatch({ baseOffset, attributes: CompressionType.Gzip, compress: () => Buffer.from('not gzip at all'), records: [commitRecord(VICTIM, 1)] }),
      // compression type 6 does not exist
      (baseOffset: number) => encodeRecordBatch({ baseOffset, attributes: 6, compress: (b) => b, records: [commitRecord(VICTIM, 2)] }),
      // an offset-commit key cut short, and a valid key with a garbage value
      (baseOffset: number) => encodeRecordBatch({ baseOffset, records: [{ key: Buffer.from([0, 1, 0, 9, 0x61]), value: Buffer.from('x') }, { key: commitRecord(VICTIM, 3).key, value: Buffer.from([0, 3, 1]) }] }),
    ];
    const offsets = appendBatchesToLog(broker.dataDir, CONSUMER_OFFSETS_TOPIC, PARTITION, [...good, ...hostile]);
    await broker.start();

    const hostileOffsets = [offsets[good.length], offsets[good.length + 1], offsets[good.length + 2], (offsets[good.length + 2] as number) + 1];
    // The broker's output reaches us through a pipe, possibly after its port opened: wait for it.
    const lines = hostileOffsets.map((offset) => new RegExp(`corrupt group data: unreadable record in ${CONSUMER_OFFSETS_TOPIC}-${PARTITION} at offset ${offset}\\b`));
    await waitFor(() => lines.every((l) => l.test(broker.logs)), { timeoutMs: 5000, description: `corruption reported at offsets ${hostileOffsets.join(', ')}` });
    admin = kafka.admin();
    await admin.connect();
    for (const [group, offset] of expected) assert.equal(await committed(admin, group), offset, `${group} loaded from its compressed batch`);
    assert.equal(await committed(admin, VICTIM), 5, 'no hostile record changed the victim group');

    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({ topic: 'orders', messages: [{ value: 'a' }, { value: 'b' }] });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: 'after-restart', sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 200 });
    const seen: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: 'orders', fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(String(message.value)) });
    try {
      await waitFor(() => seen.length >= 2, { timeoutMs: 20_000, description: 'a group consumes after the restart' });
      assert.deepEqual(seen, ['a', 'b']);
    } finally {
      await consumer.disconnect();
    }
    console.log(`internal-topics: hostile log loaded in ${Date.now() - started} ms`);
  });

  test('AlterConfigs cannot take __consumer_offsets off retention.ms=-1: a conflicting value is POLICY_VIOLATION naming it, an omitted one is kept', async () => {
    const started = Date.now();
    const alter = (configEntries: Array<{ name: string; value: string }>) =>
      admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: CONSUMER_OFFSETS_TOPIC, configEntries }] });
    const configs = async () => {
      const d = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: CONSUMER_OFFSETS_TOPIC }] });
      return Object.fromEntries((d.resources[0]?.configEntries ?? []).map((e) => [e.configName, e.configValue]));
    };
    const raw = await RawKafkaClient.connect(broker.port);
    try {
      for (const [name, value] of [['retention.ms', '604800000'], ['retention.bytes', '1048576']] as const) {
        await assert.rejects(alter([{ name, value }]), withKafkaError('POLICY_VIOLATION'));
        // kafkajs drops the error message; the broker's names the setting
        const answer = await raw.send(AlterConfigsRequest, AlterConfigsResponse, 1, { validateOnly: false, resources: [{ resourceType: 2, resourceName: CONSUMER_OFFSETS_TOPIC, configs: [{ name, value }] }] });
        assert.equal(answer.responses[0]?.errorCode, ErrorCode.POLICY_VIOLATION);
        assert.match(answer.responses[0]?.errorMessage ?? '', new RegExp(`${name.replace('.', '\\.')} of internal topic __consumer_offsets must stay -1`));
      }
    } finally {
      raw.close();
    }
    await alter([{ name: 'segment.bytes', value: String(8 * 1024 * 1024) }]);
    const after = await configs();
    assert.deepEqual([after['retention.ms'], after['retention.bytes'], after['segment.bytes']], ['-1', '-1', String(8 * 1024 * 1024)]);
    await restart();
    assert.equal((await configs())['retention.ms'], '-1', 'still after a restart');
    console.log(`internal-topics: AlterConfigs checks in ${Date.now() - started} ms`);
  });
});
