import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ApiVersionsRequest,
  ApiVersionsResponse,
  CreateTopicsRequest,
  CreateTopicsResponse,
  DeleteTopicsRequest,
  DeleteTopicsResponse,
  ListOffsetsRequest,
  ListOffsetsResponse,
  MetadataRequest,
  MetadataResponse,
  decodeResponse,
  encodeRequest,
  encodeResponse,
  readRequestHead,
} from '../../../src';
import { checkHandWritten, readFixture } from '../group-kit';

/** Versions kafkajs does not implement: bytes written by hand from Kafka's JSON definitions, one comment per field. */

for (const v of [7, 8]) {
  test(`Metadata v${v} request and response (hand-written)`, () => {
    checkHandWritten(MetadataRequest, 'metadata', v, 'request', { topics: [{ name: 'orders' }], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
    checkHandWritten(MetadataResponse, 'metadata', v, 'response', {
      throttleTimeMs: 0,
      brokers: [{ nodeId: 1, host: 'localhost', port: 9092, rack: null }],
      clusterId: 'c1',
      controllerId: 1,
      topics: [{ errorCode: 0, name: 'orders', isInternal: false, partitions: [{ errorCode: 0, partitionIndex: 0, leaderId: 1, leaderEpoch: 3, replicaNodes: [1], isrNodes: [1], offlineReplicas: [] }], topicAuthorizedOperations: -2147483648 }],
      clusterAuthorizedOperations: -2147483648,
    });
  });
}

for (const v of [4, 5]) {
  test(`ListOffsets v${v} request and response (hand-written)`, () => {
    checkHandWritten(ListOffsetsRequest, 'list-offsets', v, 'request', { replicaId: -1, isolationLevel: 1, topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1, maxNumOffsets: 1 }] }] });
    checkHandWritten(ListOffsetsResponse, 'list-offsets', v, 'response', { throttleTimeMs: 0, topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, errorCode: 0, oldStyleOffsets: [], timestamp: -1, offset: 1200, leaderEpoch: 3 }] }] });
  });
}

test('CreateTopics v4 request and response (hand-written)', () => {
  checkHandWritten(CreateTopicsRequest, 'create-topics', 4, 'request', { topics: [{ name: 'orders', numPartitions: 6, replicationFactor: -1, assignments: [], configs: [{ name: 'retention.ms', value: '3600000' }] }], timeoutMs: 5000, validateOnly: false });
  checkHandWritten(CreateTopicsResponse, 'create-topics', 4, 'response', {
    throttleTimeMs: 0,
    topics: [{ name: 'orders', topicId: Buffer.alloc(16), errorCode: 0, errorMessage: null, topicConfigErrorCode: 0, numPartitions: -1, replicationFactor: -1, configs: [] }],
  });
});

for (const v of [2, 3]) {
  test(`DeleteTopics v${v} request and response (hand-written)`, () => {
    checkHandWritten(DeleteTopicsRequest, 'delete-topics', v, 'request', { topics: [], topicNames: ['old'], timeoutMs: 5000 });
    checkHandWritten(DeleteTopicsResponse, 'delete-topics', v, 'response', { throttleTimeMs: 0, responses: [{ name: 'old', topicId: Buffer.alloc(16), errorCode: 0, errorMessage: null }] });
  });
}

test('ApiVersions v3 (flexible) request and response bodies (hand-written)', () => {
  checkHandWritten(ApiVersionsRequest, 'api-versions', 3, 'request', { clientSoftwareName: 'kcat', clientSoftwareVersion: '1.7.1' });
  checkHandWritten(ApiVersionsResponse, 'api-versions', 3, 'response', { errorCode: 0, apiKeys: [{ apiKey: 0, minVersion: 3, maxVersion: 7 }, { apiKey: 18, minVersion: 0, maxVersion: 3 }], throttleTimeMs: 0 });
});

test('ApiVersions v3 frames: request header v2 (int16 client id, then a tag buffer), response header v0 (no tag buffer)', () => {
  const frame = encodeRequest(ApiVersionsRequest, 3, 1, 'rdkafka', { clientSoftwareName: 'kcat', clientSoftwareVersion: '1.7.1' });
  const header = '0012' + '0003' + '00000001' + '0007' + Buffer.from('rdkafka').toString('hex') + '00';
  const body = readFixture('api-versions', 3, 'request').toString('hex');
  assert.equal(frame.toString('hex'), (header.length / 2 + body.length / 2).toString(16).padStart(8, '0') + header + body);
  const head = readRequestHead(frame.subarray(4));
  assert.deepEqual([head.header.apiKey, head.header.apiVersion, head.header.clientId, head.body.remaining()], [18, 3, 'rdkafka', body.length / 2]);
  const response = Buffer.concat(encodeResponse(ApiVersionsResponse, 3, 1, { errorCode: 0, apiKeys: [{ apiKey: 0, minVersion: 3, maxVersion: 7 }, { apiKey: 18, minVersion: 0, maxVersion: 3 }], throttleTimeMs: 0 }));
  assert.equal(response.subarray(4, 8).toString('hex'), '00000001', 'correlation id');
  assert.deepEqual(response.subarray(8), readFixture('api-versions', 3, 'response'), 'the body follows the correlation id directly: header v0');
  assert.equal(decodeResponse(ApiVersionsResponse, 3, response.subarray(4)).body.apiKeys.length, 2);
});
