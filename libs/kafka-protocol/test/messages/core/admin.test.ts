import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AlterConfigsRequest,
  AlterConfigsResponse,
  ApiVersionsRequest,
  ApiVersionsResponse,
  CreatePartitionsRequest,
  CreatePartitionsResponse,
  CreateTopicsRequest,
  CreateTopicsResponse,
  DeleteTopicsRequest,
  DeleteTopicsResponse,
  DescribeConfigsRequest,
  DescribeConfigsResponse,
  InitProducerIdRequest,
  InitProducerIdResponse,
} from '../../../src';
import { kafkajsRequestRoundTrip, kafkajsResponseDecode } from '../core-kit';

for (const version of [0, 1, 2]) {
  test(`ApiVersions v${version} request and response (kafkajs)`, async () => {
    await kafkajsRequestRoundTrip(ApiVersionsRequest, 'api-versions', 'apiVersions', version, {}, (d) => assert.deepEqual(d, { clientSoftwareName: '', clientSoftwareVersion: '' }));
    await kafkajsResponseDecode(ApiVersionsResponse, 'api-versions', 'apiVersions', version, { errorCode: 0, apiKeys: [{ apiKey: 0, minVersion: 3, maxVersion: 7 }, { apiKey: 18, minVersion: 0, maxVersion: 3 }], throttleTimeMs: 0 }, (k) => {
      assert.deepEqual(k.apiVersions, [{ apiKey: 0, minVersion: 3, maxVersion: 7 }, { apiKey: 18, minVersion: 0, maxVersion: 3 }]);
    });
  });
}

for (const version of [0, 1, 2, 3]) {
  test(`CreateTopics v${version} (kafkajs): partitions, replication factor, configs; per-topic errors`, async () => {
    await kafkajsRequestRoundTrip(CreateTopicsRequest, 'create-topics', 'createTopics', version, {
      topics: [{ topic: 'orders', numPartitions: 6, replicationFactor: -1, replicaAssignment: [], configEntries: [{ name: 'retention.ms', value: '3600000' }] }],
      timeout: 5000,
      validateOnly: true,
    }, (d) => {
      const t = d.topics[0];
      assert.deepEqual([t?.name, t?.numPartitions, t?.replicationFactor, t?.configs], ['orders', 6, -1, [{ name: 'retention.ms', value: '3600000' }]]);
      assert.deepEqual([d.timeoutMs, d.validateOnly], [5000, version >= 1]);
    });
    await kafkajsResponseDecode(CreateTopicsResponse, 'create-topics', 'createTopics', version, { throttleTimeMs: 0, topics: [{ name: 'orders', errorCode: 36, errorMessage: "Topic 'orders' already exists." }] }, (k) => {
      const e = (k.topicErrors as Array<{ topic: string; errorCode: number }>)[0];
      assert.deepEqual([e?.topic, e?.errorCode], ['orders', 36]);
    });
  });
}

for (const version of [0, 1]) {
  test(`DeleteTopics v${version} (kafkajs)`, async () => {
    await kafkajsRequestRoundTrip(DeleteTopicsRequest, 'delete-topics', 'deleteTopics', version, { topics: ['old'], timeout: 5000 }, (d) => assert.deepEqual([d.topicNames, d.timeoutMs], [['old'], 5000]));
    await kafkajsResponseDecode(DeleteTopicsResponse, 'delete-topics', 'deleteTopics', version, { throttleTimeMs: 0, responses: [{ name: 'old', errorCode: 0 }] }, (k) => {
      assert.deepEqual((k.topicErrors as Array<{ topic: string; errorCode: number }>).map((e) => [e.topic, e.errorCode]), [['old', 0]]);
    });
  });

  test(`InitProducerId v${version} (kafkajs): idempotent producer (null transactional id)`, async () => {
    await kafkajsRequestRoundTrip(InitProducerIdRequest, 'init-producer-id', 'initProducerId', version, { transactionalId: null, transactionTimeout: 30000 }, (d) => assert.deepEqual([d.transactionalId, d.transactionTimeoutMs], [null, 30000]));
    await kafkajsResponseDecode(InitProducerIdResponse, 'init-producer-id', 'initProducerId', version, { throttleTimeMs: 0, errorCode: 0, producerId: 4711, producerEpoch: 0 }, (k) => {
      assert.deepEqual([k.errorCode, k.producerId, k.producerEpoch], [0, '4711', 0]);
    });
  });

  test(`AlterConfigs v${version} (kafkajs)`, async () => {
    await kafkajsRequestRoundTrip(AlterConfigsRequest, 'alter-configs', 'alterConfigs', version, { resources: [{ type: 2, name: 'orders', configEntries: [{ name: 'retention.bytes', value: '1048576' }] }], validateOnly: false }, (d) => {
      assert.deepEqual(d.resources[0], { resourceType: 2, resourceName: 'orders', configs: [{ name: 'retention.bytes', value: '1048576' }] });
    });
    await kafkajsResponseDecode(AlterConfigsResponse, 'alter-configs', 'alterConfigs', version, { throttleTimeMs: 0, responses: [{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 'orders' }] }, (k) => {
      assert.deepEqual((k.resources as Array<Record<string, unknown>>).map((r) => [r.errorCode, r.resourceType, r.resourceName]), [[0, 2, 'orders']]);
    });
  });

  test(`CreatePartitions v${version} (kafkajs)`, async () => {
    await kafkajsRequestRoundTrip(CreatePartitionsRequest, 'create-partitions', 'createPartitions', version, { topicPartitions: [{ topic: 'orders', count: 12 }], validateOnly: false, timeout: 5000 }, (d) => {
      assert.deepEqual([d.topics[0]?.name, d.topics[0]?.count, d.topics[0]?.assignments], ['orders', 12, null]);
    });
    await kafkajsResponseDecode(CreatePartitionsResponse, 'create-partitions', 'createPartitions', version, { throttleTimeMs: 0, results: [{ name: 'orders', errorCode: 37, errorMessage: 'no shrinking' }] }, (k) => {
      assert.deepEqual((k.topicErrors as Array<Record<string, unknown>>).map((r) => [r.topic, r.errorCode]), [['orders', 37]]);
    });
  });
}

for (const version of [0, 1, 2]) {
  test(`DescribeConfigs v${version} (kafkajs)`, async () => {
    await kafkajsRequestRoundTrip(DescribeConfigsRequest, 'describe-configs', 'describeConfigs', version, { resources: [{ type: 2, name: 'orders', configNames: ['retention.ms'] }], includeSynonyms: true }, (d) => {
      assert.deepEqual(d.resources[0], { resourceType: 2, resourceName: 'orders', configurationKeys: ['retention.ms'] });
      assert.equal(d.includeSynonyms, version >= 1);
    });
    await kafkajsResponseDecode(DescribeConfigsResponse, 'describe-configs', 'describeConfigs', version, {
      throttleTimeMs: 0,
      results: [{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 'orders', configs: [{ name: 'retention.ms', value: '3600000', readOnly: false, isDefault: false, configSource: 1, isSensitive: false, synonyms: [] }] }],
    }, (k) => {
      const entry = (k.resources as Array<{ configEntries: Array<Record<string, unknown>> }>)[0]?.configEntries[0];
      assert.deepEqual([entry?.configName, entry?.configValue, entry?.readOnly], ['retention.ms', '3600000', false]);
    });
  });
}
