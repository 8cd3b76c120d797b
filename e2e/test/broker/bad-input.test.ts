import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ApiVersionsRequest,
  ApiVersionsResponse,
  ErrorCode,
  MetadataRequest,
  MetadataResponse,
  ProduceRequest,
  ProduceResponse,
  Reader,
  decodeMessage,
  encodeRecordBatch,
  encodeRequest,
} from '@orderlab/kafka-protocol';
import { Partitioners, type Admin } from 'kafkajs';
import { BrokerProcess, RawKafkaClient, kafkaClient, readPartition } from '../../src';

const MAX_REQUEST = 1024 * 1024;

describe('bad input gets a clear error or a clean disconnect, never a crash', () => {
  let broker: BrokerProcess;
  let admin: Admin;

  before(async () => {
    broker = await new BrokerProcess({ args: ['--socket-request-max-bytes', String(MAX_REQUEST), '--message-max-bytes', '65536'] }).start();
    admin = kafkaClient(broker.bootstrap).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'target', numPartitions: 2 }] });
  });

  after(async () => {
    await admin?.disconnect();
    await broker?.dispose();
  });

  async function expectClosedAfter(bytes: Buffer): Promise<void> {
    const c = await RawKafkaClient.connect(broker.port);
    c.write(bytes);
    assert.equal(await c.waitForClose(5000), true, 'the broker closes the connection');
  }

  function frame(body: Buffer): Buffer {
    const size = Buffer.alloc(4);
    size.writeInt32BE(body.length);
    return Buffer.concat([size, body]);
  }

  function header(apiKey: number, version: number, correlationId = 1): Buffer {
    const h = Buffer.alloc(10);
    h.writeInt16BE(apiKey, 0);
    h.writeInt16BE(version, 2);
    h.writeInt32BE(correlationId, 4);
    h.writeInt16BE(-1, 8);
    return h;
  }

  test('a negative frame size closes the connection', async () => {
    await expectClosedAfter(Buffer.from([0xff, 0xff, 0xff, 0xf0, 1, 2, 3]));
  });

  test('a frame larger than socket.request.max.bytes closes the connection', async () => {
    const size = Buffer.alloc(4);
    size.writeInt32BE(MAX_REQUEST + 1);
    await expectClosedAfter(size);
  });

  test('an unknown API key closes the connection', async () => {
    await expectClosedAfter(frame(header(9999, 0)));
  });

  test('an unsupported version of Metadata closes the connection', async () => {
    await expectClosedAfter(frame(Buffer.concat([header(3, 50), Buffer.from([0, 0, 0, 0])])));
  });

  test('a truncated body closes the connection', async () => {
    await expectClosedAfter(frame(Buffer.concat([header(3, 1), Buffer.from([0, 0, 0, 5, 0])])));
  });

  test('ApiVersions with an unknown version answers UNSUPPORTED_VERSION with a v0 body naming its range', async () => {
    const c = await RawKafkaClient.connect(broker.port);
    const answer = await c.sendRaw(frame(Buffer.concat([header(18, 9, 77), Buffer.from('junk the broker must not parse')])), 77);
    const body = decodeMessage(ApiVersionsResponse, 0, new Reader(answer, 4));
    assert.equal(body.errorCode, ErrorCode.UNSUPPORTED_VERSION);
    assert.deepEqual(body.apiKeys, [{ apiKey: 18, minVersion: 0, maxVersion: 3 }]);
    const v3 = await c.send(ApiVersionsRequest, ApiVersionsResponse, 3, { clientSoftwareName: 'e2e', clientSoftwareVersion: '1.0' });
    assert.equal(v3.errorCode, 0);
    assert.ok(v3.apiKeys.some((k) => k.apiKey === 0 && k.minVersion === 3 && k.maxVersion === 7), 'Produce 3-7 advertised');
    c.close();
  });

  test('per-partition errors: bad CRC, two batches, oversized batch, unknown partition and topic; the valid partition is appended', async () => {
    const c = await RawKafkaClient.connect(broker.port);
    const good = encodeRecordBatch({ records: [{ value: 'good' }] });
    const badCrc = Buffer.from(encodeRecordBatch({ records: [{ value: 'flipped' }] }));
    badCrc[badCrc.length - 2] ^= 0xff;
    const two = Buffer.concat([encodeRecordBatch({ records: [{ value: 'a' }] }), encodeRecordBatch({ records: [{ value: 'b' }] })]);
    const huge = encodeRecordBatch({ records: [{ value: Buffer.alloc(70_000, 1) }] });
    const res = await c.send(ProduceRequest, ProduceResponse, 7, {
      transactionalId: null,
      acks: 1,
      timeoutMs: 1000,
      topicData: [
        { name: 'target', partitionData: [{ index: 0, records: good }, { index: 1, records: badCrc }, { index: 7, records: good }] },
        { name: 'no-such-topic', partitionData: [{ index: 0, records: good }] },
        { name: 'target', partitionData: [{ index: 1, records: two }] },
        { name: 'target', partitionData: [{ index: 1, records: huge }] },
      ],
    });
    const codes = res.responses.map((t) => t.partitionResponses.map((p) => p.errorCode));
    assert.deepEqual(codes, [
      [ErrorCode.NONE, ErrorCode.CORRUPT_MESSAGE, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
      [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
      [ErrorCode.INVALID_RECORD],
      [ErrorCode.MESSAGE_TOO_LARGE],
    ]);
    assert.equal(c.closed, false, 'per-partition errors keep the connection');
    assert.deepEqual((await readPartition(c, 'target', 0)).map((r) => r.value?.toString()), ['good']);
    assert.deepEqual(await readPartition(c, 'target', 1), [], 'no partial batch was written');
    c.close();
  });

  test('Metadata for an invalid topic name answers INVALID_TOPIC_EXCEPTION; an unknown one UNKNOWN_TOPIC_OR_PARTITION (auto-create off)', async () => {
    const c = await RawKafkaClient.connect(broker.port);
    const res = await c.send(MetadataRequest, MetadataResponse, 8, { topics: [{ name: 'bad/name' }, { name: 'nobody' }], allowAutoTopicCreation: true });
    assert.deepEqual(res.topics.map((t) => [t.name, t.errorCode]), [['bad/name', ErrorCode.INVALID_TOPIC_EXCEPTION], ['nobody', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]]);
    c.close();
  });

  test('a failed acks=0 produce closes the connection (Kafka does this so the client notices)', async () => {
    const c = await RawKafkaClient.connect(broker.port);
    c.write(encodeRequest(ProduceRequest, 7, 5, 'e2e', { transactionalId: null, acks: 0, timeoutMs: 1000, topicData: [{ name: 'no-such-topic', partitionData: [{ index: 0, records: encodeRecordBatch({ records: [{ value: 'x' }] }) }] }] }));
    assert.equal(await c.waitForClose(5000), true);
  });

  test('after all of that the broker still serves a normal kafkajs client', async () => {
    const producer = kafkaClient(broker.bootstrap).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const [meta] = await producer.send({ topic: 'target', messages: [{ partition: 0, value: 'still alive' }] });
    await producer.disconnect();
    assert.equal(meta?.errorCode, 0);
  });
});
