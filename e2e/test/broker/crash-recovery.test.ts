import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ProduceRequest, ProduceResponse, encodeRecordBatch } from '@orderlab/kafka-protocol';
import type { Admin } from 'kafkajs';
import { BrokerProcess, RawKafkaClient, kafkaClient, readPartition, waitFor } from '../../src';

interface Ack {
  readonly partition: number;
  readonly baseOffset: number;
  readonly values: string[];
}

const PARTITIONS = 3;

/** Produce batches of 5 records with acks=1, 4 requests in flight, until stopped or the connection dies. */
async function produceStream(client: RawKafkaClient, topic: string, acks: Ack[], tag: string, stopAfter: number): Promise<void> {
  let seq = 0;
  const lane = async (laneId: number): Promise<void> => {
    while (!client.closed && acks.length < stopAfter) {
      const n = seq++;
      const partition = n % PARTITIONS;
      const values = Array.from({ length: 5 }, (_, i) => `${tag}-${laneId}-${n}-${i}`);
      const batch = encodeRecordBatch({ records: values.map((v) => ({ value: v })), baseTimestamp: Date.now() });
      try {
        const res = await client.send(ProduceRequest, ProduceResponse, 7, {
          transactionalId: null,
          acks: 1,
          timeoutMs: 5000,
          topicData: [{ name: topic, partitionData: [{ index: partition, records: batch }] }],
        });
        const p = res.responses[0]?.partitionResponses[0];
        if (p?.errorCode === 0) acks.push({ partition, baseOffset: p.baseOffset, values });
      } catch {
        return; // the broker died under us: this request was never acknowledged
      }
    }
  };
  await Promise.all([0, 1, 2, 3].map(lane));
}

describe('broker crash and restart', () => {
  let broker: BrokerProcess;
  let admin: Admin;

  before(async () => {
    broker = await new BrokerProcess().start();
    admin = kafkaClient(broker.bootstrap).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'stream', numPartitions: PARTITIONS }] });
    await admin.disconnect();
  });

  after(async () => {
    await broker?.dispose();
  });

  test('SIGKILL mid-stream: every acknowledged record is readable at its acknowledged offset; no offset is handed out twice', async () => {
    const acks: Ack[] = [];
    const client = await RawKafkaClient.connect(broker.port);
    const streaming = produceStream(client, 'stream', acks, 'before', Number.MAX_SAFE_INTEGER);
    await waitFor(() => acks.length >= 300, { timeoutMs: 30_000, description: '300 acknowledged batches' });
    await broker.kill('SIGKILL');
    await streaming;
    const ackedBeforeCrash = acks.length;
    assert.ok(ackedBeforeCrash >= 300);

    const logsBefore = broker.logs.length;
    await broker.start();
    assert.match(broker.logs.slice(logsBefore), /unclean start: recovered active segments/);
    const after = await RawKafkaClient.connect(broker.port);
    const afterAcks: Ack[] = [];
    await produceStream(after, 'stream', afterAcks, 'after', 60);

    const byPartition = await Promise.all(Array.from({ length: PARTITIONS }, (_, p) => readPartition(after, 'stream', p)));
    after.close();
    for (const ack of [...acks, ...afterAcks]) {
      const records = byPartition[ack.partition] ?? [];
      ack.values.forEach((v, i) => {
        const r = records.find((x) => x.offset === ack.baseOffset + i);
        assert.equal(r?.value?.toString(), v, `acknowledged ${v} at ${ack.partition}@${ack.baseOffset + i}`);
      });
    }
    const claimed = new Set<string>();
    for (const ack of [...acks, ...afterAcks]) {
      for (let i = 0; i < ack.values.length; i++) {
        const key = `${ack.partition}@${ack.baseOffset + i}`;
        assert.ok(!claimed.has(key), `offset ${key} acknowledged twice`);
        claimed.add(key);
      }
    }
    for (const records of byPartition) {
      assert.deepEqual(records.map((r) => r.offset), records.map((_, i) => i), 'offsets are dense from 0');
    }
  });

  test('SIGTERM shuts down cleanly and the next start skips recovery', async () => {
    const code = await broker.stop();
    assert.equal(code, 0);
    assert.match(broker.logs, /broker stopped cleanly/);
    const before = broker.logs.length;
    await broker.start();
    assert.match(broker.logs.slice(before), /clean start: log recovery skipped/);
    const client = await RawKafkaClient.connect(broker.port);
    const records = await readPartition(client, 'stream', 0);
    client.close();
    assert.ok(records.length > 0, 'data is still there after the clean restart');
  });
});
