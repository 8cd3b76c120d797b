import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode } from '@orderlab/kafka-protocol';
import type { CreatePartitionsTopic } from '../../../src/control';
import { Harness } from '../kit';

function add(h: Harness, topics: CreatePartitionsTopic[], validateOnly = false) {
  return h.runWithRecords((image) => h.control.createPartitions(image, topics, validateOnly));
}

test('new partitions get partition 0’s replication factor, striped on from the existing ones', () => {
  const h = new Harness();
  h.addBrokers(1, 2, 3);
  h.createTopic('t', 1, 2);
  const r = add(h, [{ name: 't', count: 4, assignments: null }]);
  assert.deepEqual(r.response, [{ name: 't', errorCode: 0, errorMessage: null }]);
  assert.deepEqual(r.records.map((x) => x.type), ['Partition', 'Partition', 'Partition']);
  assert.deepEqual([1, 2, 3].map((p) => h.partition('t', p).replicas), [[2, 3], [3, 1], [1, 2]]);
  assert.deepEqual([1, 2, 3].map((p) => [h.partition('t', p).leaderEpoch, h.partition('t', p).partitionEpoch]), [[0, 0], [0, 0], [0, 0]]);
});

test('manual assignments for the new partitions, checked like CreateTopics ones', () => {
  const h = new Harness();
  h.addBrokers(1, 2, 3);
  h.createTopic('t', 1, 2);
  assert.equal(add(h, [{ name: 't', count: 2, assignments: [{ brokerIds: [3, 1] }] }]).response[0]?.errorCode, 0);
  assert.deepEqual(h.partition('t', 1).replicas, [3, 1]);
  const rf = add(h, [{ name: 't', count: 3, assignments: [{ brokerIds: [1] }] }]).response[0];
  assert.deepEqual([rf?.errorCode, rf?.errorMessage], [ErrorCode.INVALID_REPLICA_ASSIGNMENT, 'The manual partition assignment includes a partition with 1 replica(s), but this is not consistent with previous partitions, which have 2 replica(s).']);
  const count = add(h, [{ name: 't', count: 5, assignments: [{ brokerIds: [1, 2] }] }]).response[0];
  assert.deepEqual([count?.errorCode, count?.errorMessage], [ErrorCode.INVALID_REPLICA_ASSIGNMENT, 'Attempted to add 3 additional partition(s), but only 1 assignment(s) were specified.']);
});

test("partitions are only ever added; Kafka's messages otherwise", () => {
  const h = new Harness();
  h.addBrokers(1);
  h.createTopic('t', 2, 1);
  const r = add(h, [{ name: 't', count: 2, assignments: null }, { name: 't', count: 1, assignments: null }, { name: 'nope', count: 3, assignments: null }, { name: 't', count: 10_001, assignments: null }]);
  assert.deepEqual(r.records, []);
  assert.deepEqual(r.response.map((x) => [x.errorCode, x.errorMessage]), [
    [ErrorCode.INVALID_PARTITIONS, 'Topic already has 2 partition(s).'],
    [ErrorCode.INVALID_PARTITIONS, 'The topic t currently has 2 partition(s); 1 would not be an increase.'],
    [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, 'This server does not host this topic-partition.'],
    [ErrorCode.INVALID_PARTITIONS, 'Number of partitions must be at most 10000.'],
  ]);
});

test('validateOnly writes nothing; too few active brokers is INVALID_REPLICATION_FACTOR', () => {
  const h = new Harness();
  h.addBrokers(1, 2);
  h.createTopic('t', 1, 2);
  assert.deepEqual(add(h, [{ name: 't', count: 3, assignments: null }], true).records, []);
  assert.equal(h.image.topicsById.get(h.image.topicIdsByName.get('t') ?? '')?.partitions.size, 1);
  h.heartbeat(2, { wantFence: true });
  assert.equal(add(h, [{ name: 't', count: 3, assignments: null }]).response[0]?.errorCode, ErrorCode.INVALID_REPLICATION_FACTOR);
});
