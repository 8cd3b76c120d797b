import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FetchRequest, FetchResponse, ProduceRequest, ProduceResponse, decodeBatchRecords, encodeRecordBatch } from '../../../src';
import { kafkajsRequestRoundTrip, kafkajsResponseDecode } from '../core-kit';

const T0 = 1_700_000_000_000;
const messages = [
  { key: 'customer-1', value: 'order-1', headers: { trace: 'abc' }, timestamp: String(T0) },
  { key: 'customer-2', value: 'order-2', timestamp: String(T0 + 10) },
];

for (const version of [3, 4, 5, 6, 7]) {
  test(`Produce v${version} request (kafkajs): keyed records with headers, idempotent producer fields`, async () => {
    await kafkajsRequestRoundTrip(ProduceRequest, 'produce', 'produce', version, {
      acks: -1,
      timeout: 30000,
      transactionalId: null,
      producerId: 4711,
      producerEpoch: 2,
      compression: 0,
      topicData: [{ topic: 'orders', partitions: [{ partition: 3, firstSequence: 40, messages }] }],
    }, (d) => {
      assert.deepEqual([d.acks, d.timeoutMs, d.transactionalId], [-1, 30000, null]);
      const p = d.topicData[0]?.partitionData[0];
      assert.equal(d.topicData[0]?.name, 'orders');
      assert.equal(p?.index, 3);
      const records = decodeBatchRecords(p?.records as Buffer);
      assert.deepEqual(records.map((r) => [r.key?.toString(), r.value?.toString(), r.timestamp]), [['customer-1', 'order-1', T0], ['customer-2', 'order-2', T0 + 10]]);
    });
  });

  test(`Produce v${version} response (kafkajs decodes ours)`, async () => {
    await kafkajsResponseDecode(ProduceResponse, 'produce', 'produce', version, {
      responses: [{ name: 'orders', partitionResponses: [{ index: 3, errorCode: 0, baseOffset: 1188, logAppendTimeMs: -1, logStartOffset: 0 }] }],
      throttleTimeMs: 0,
    }, (k) => {
      const t = (k.topics as Array<{ topicName: string; partitions: Array<Record<string, unknown>> }>)[0];
      assert.equal(t?.topicName, 'orders');
      assert.equal(t?.partitions[0]?.partition, 3);
      assert.equal(t?.partitions[0]?.errorCode, 0);
      assert.equal(t?.partitions[0]?.baseOffset, '1188');
    });
  });
}

for (const version of [4, 5, 6, 7, 8, 9, 10, 11]) {
  test(`Fetch v${version} request (kafkajs): read_committed, session fields, partition fields`, async () => {
    await kafkajsRequestRoundTrip(FetchRequest, 'fetch', 'fetch', version, {
      replicaId: -1,
      maxWaitTime: 500,
      minBytes: 1,
      maxBytes: 10485760,
      isolationLevel: 1,
      topics: [{ topic: 'orders', partitions: [{ partition: 2, fetchOffset: '1200', maxBytes: 1048576, logStartOffset: '0', currentLeaderEpoch: -1 }] }],
      rackId: '',
      sessionId: 0,
      sessionEpoch: -1,
      forgottenTopics: [],
    }, (d) => {
      assert.deepEqual([d.replicaId, d.maxWaitMs, d.minBytes, d.maxBytes, d.isolationLevel], [-1, 500, 1, 10485760, 1]);
      const p = d.topics[0]?.partitions[0];
      assert.deepEqual([d.topics[0]?.topic, p?.partition, p?.fetchOffset, p?.partitionMaxBytes], ['orders', 2, 1200, 1048576]);
    });
  });

  test(`Fetch v${version} response (kafkajs decodes ours, records included)`, async () => {
    const batch = encodeRecordBatch({ baseOffset: 1200, records: [{ key: 'k', value: 'v', timestamp: T0 }], partitionLeaderEpoch: 0 });
    await kafkajsResponseDecode(FetchResponse, 'fetch', 'fetch', version, {
      throttleTimeMs: 0,
      errorCode: 0,
      sessionId: 0,
      responses: [{ topic: 'orders', partitions: [{ partitionIndex: 2, errorCode: 0, highWatermark: 1201, lastStableOffset: 1201, logStartOffset: 0, abortedTransactions: [], preferredReadReplica: -1, records: batch }] }],
    }, (k) => {
      const p = (k.responses as Array<{ topicName: string; partitions: Array<{ partition: number; highWatermark: string; messages: Array<{ offset: string; value: Buffer }> }> }>)[0];
      assert.equal(p?.topicName, 'orders');
      assert.equal(p?.partitions[0]?.partition, 2);
      assert.equal(p?.partitions[0]?.highWatermark, '1201');
      assert.deepEqual(p?.partitions[0]?.messages.map((m) => [m.offset, m.value.toString()]), [['1200', 'v']]);
    });
  });
}
