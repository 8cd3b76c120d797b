import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTopicsRequest, CreateTopicsResponse, InitProducerIdRequest, InitProducerIdResponse, ProduceRequest, ProduceResponse, encodeRecordBatch } from '@orderlab/kafka-protocol';
import { BrokerProcess, RawKafkaClient, waitFor } from '../../src';

/**
 * Idempotent-producer state on a real broker: a retried batch is answered with its first
 * offset across a clean restart and a SIGKILL (the state comes from snapshots and the log),
 * and a producer idle for --producer-id-expiration-ms is forgotten, as Kafka forgets it.
 */
// Long enough that two restarts on a loaded 2-core machine finish before the producer expires.
const EXPIRATION_MS = 8000;
const started = Date.now();

async function produce(client: RawKafkaClient, producerId: number, baseSequence: number): Promise<{ errorCode: number; baseOffset: number }> {
  const records = encodeRecordBatch({ records: [{ value: `seq-${baseSequence}` }], producerId, producerEpoch: 0, baseSequence, baseTimestamp: Date.now() });
  const res = await client.send(ProduceRequest, ProduceResponse, 7, { transactionalId: null, acks: -1, timeoutMs: 5000, topicData: [{ name: 'ids', partitionData: [{ index: 0, records }] }] });
  const p = res.responses[0]?.partitionResponses[0];
  return { errorCode: p?.errorCode ?? -1, baseOffset: p?.baseOffset ?? -1 };
}

describe('idempotent producers across restarts and expiry', () => {
  let broker: BrokerProcess;
  let client: RawKafkaClient;
  let producerId = -1;

  before(async () => {
    broker = await new BrokerProcess({ args: ['--producer-id-expiration-ms', String(EXPIRATION_MS)] }).start();
    client = await RawKafkaClient.connect(broker.port);
    const created = await client.send(CreateTopicsRequest, CreateTopicsResponse, 4, { topics: [{ name: 'ids', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 5000, validateOnly: false });
    assert.equal(created.topics[0]?.errorCode, 0);
    const init = await client.send(InitProducerIdRequest, InitProducerIdResponse, 1, { transactionalId: null, transactionTimeoutMs: 60_000 });
    producerId = init.producerId;
  });

  after(async () => {
    client?.close();
    await broker?.dispose();
    console.log(`# producer-state e2e took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('a retried batch is a duplicate after SIGTERM and after SIGKILL; an idle producer expires', async () => {
    assert.deepEqual(await produce(client, producerId, 0), { errorCode: 0, baseOffset: 0 });
    assert.deepEqual(await produce(client, producerId, 1), { errorCode: 0, baseOffset: 1 });
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      client.close();
      await broker.kill(signal);
      await broker.start();
      client = await RawKafkaClient.connect(broker.port);
      assert.deepEqual(await produce(client, producerId, 1), { errorCode: 0, baseOffset: 1 }, `after ${signal}: the retry gets its first offset, nothing is written twice`);
    }
    const idleSince = Date.now();
    await waitFor(async () => Date.now() - idleSince > EXPIRATION_MS + 400, { timeoutMs: 10_000, description: 'the producer to be idle past its expiration' });
    assert.deepEqual(await produce(client, producerId, 1), { errorCode: 0, baseOffset: 2 }, 'expired: the same batch is new again (Kafka forgets idle producers)');
  });
});
