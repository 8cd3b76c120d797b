import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ListOffsetsRequest, ListOffsetsResponse, MetadataRequest, MetadataResponse } from '../../../src';
import { kafkajsRequestRoundTrip, kafkajsResponseDecode } from '../core-kit';

for (const version of [1, 2, 3, 4, 5, 6]) {
  test(`Metadata v${version} request (kafkajs): two topics${version >= 4 ? ', no auto-creation' : ''}`, async () => {
    await kafkajsRequestRoundTrip(MetadataRequest, 'metadata', 'metadata', version, { topics: ['orders', 'orders.dlq'], allowAutoTopicCreation: false }, (d) => {
      assert.deepEqual(d.topics?.map((t) => t.name), ['orders', 'orders.dlq']);
      assert.equal(d.allowAutoTopicCreation, version >= 4 ? false : true);
    });
  });

  test(`Metadata v${version} response (kafkajs decodes ours)`, async () => {
    await kafkajsResponseDecode(MetadataResponse, 'metadata', 'metadata', version, {
      throttleTimeMs: 0,
      brokers: [{ nodeId: 1, host: 'localhost', port: 9092, rack: null }],
      clusterId: 'lT7ry3hkSXmH4CLEQKITyQ',
      controllerId: 1,
      topics: [{ errorCode: 0, name: 'orders', isInternal: false, partitions: [{ errorCode: 0, partitionIndex: 0, leaderId: 1, leaderEpoch: 3, replicaNodes: [1], isrNodes: [1], offlineReplicas: [] }] }],
    }, (k) => {
      const brokers = k.brokers as Array<{ nodeId: number; host: string; port: number }>;
      assert.deepEqual(brokers.map((b) => [b.nodeId, b.host, b.port]), [[1, 'localhost', 9092]]);
      const topic = (k.topicMetadata as Array<{ topic: string; partitionMetadata: Array<{ partitionId: number; leader: number; isr: number[] }> }>)[0];
      assert.equal(topic?.topic, 'orders');
      assert.deepEqual([topic?.partitionMetadata[0]?.partitionId, topic?.partitionMetadata[0]?.leader, topic?.partitionMetadata[0]?.isr], [0, 1, [1]]);
      assert.equal(k.controllerId, 1);
    });
  });
}

for (const version of [1, 2, 3]) {
  test(`ListOffsets v${version} request (kafkajs): latest and a timestamp`, async () => {
    await kafkajsRequestRoundTrip(ListOffsetsRequest, 'list-offsets', 'listOffsets', version, {
      replicaId: -1,
      isolationLevel: 1,
      topics: [{ topic: 'orders', partitions: [{ partition: 0, timestamp: -1 }, { partition: 1, timestamp: 1700000000000 }] }],
    }, (d) => {
      assert.equal(d.topics[0]?.name, 'orders');
      assert.deepEqual(d.topics[0]?.partitions.map((p) => [p.partitionIndex, p.timestamp]), [[0, -1], [1, 1700000000000]]);
      assert.equal(d.isolationLevel, version >= 2 ? 1 : 0);
    });
  });

  test(`ListOffsets v${version} response (kafkajs decodes ours)`, async () => {
    await kafkajsResponseDecode(ListOffsetsResponse, 'list-offsets', 'listOffsets', version, {
      throttleTimeMs: 0,
      topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, errorCode: 0, timestamp: -1, offset: 1200 }] }],
    }, (k) => {
      const t = (k.responses as Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>)[0];
      assert.deepEqual([t?.topic, t?.partitions[0]?.partition, t?.partitions[0]?.offset], ['orders', 0, '1200']);
    });
  });
}
