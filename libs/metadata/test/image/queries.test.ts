import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  activeBrokerIds,
  allPartitions,
  apply,
  hasLeaderships,
  isActiveBroker,
  isInternalTopic,
  leaderOf,
  leaderlessPartitions,
  metadataRecord,
  partitionsLedBy,
  partitionsWithIsrMember,
  sortedBrokers,
  topicConfigOverrides,
  topicNameOf,
  unfencedBrokers,
} from '../../src';
import { partition, replay, sampleImage, topic, uuid } from '../kit';

const at = (p: { partition: number }) => p.partition;

test('leaders, led partitions and ISR membership', () => {
  const image = sampleImage();
  assert.equal(leaderOf(image, 'orders', 2), 3);
  assert.equal(leaderOf(image, 'orders', 9), undefined);
  assert.equal(leaderOf(image, 'nope', 0), undefined);
  assert.deepEqual(partitionsLedBy(image, 1).map(at), [0]);
  assert.deepEqual(partitionsWithIsrMember(image, 3).map(at), [1, 2], 'partition 0 dropped broker 3 from its ISR');
  assert.equal(hasLeaderships(image, 2), true);
  assert.equal(hasLeaderships(image, 4), false);
  const offline = apply(image, metadataRecord('PartitionChange', { topicId: uuid(1), partitionId: 1, leader: -1 }), 100, 1);
  assert.deepEqual(leaderlessPartitions(offline).map(at), [1]);
  assert.equal(leaderOf(offline, 'orders', 1), -1);
  assert.equal(topicNameOf(image, leaderlessPartitions(offline)[0] as never), 'orders');
});

test('partitions come out sorted by topic name then partition, whatever order the log made them in', () => {
  const image = replay([topic('zeta', 5), partition(5, 1, [1]), partition(5, 0, [1]), topic('alpha', 6), partition(6, 0, [1])], sampleImage());
  assert.deepEqual(
    allPartitions(image).map((p) => `${topicNameOf(image, p)}-${p.partition}`),
    ['alpha-0', 'orders-0', 'orders-1', 'orders-2', 'zeta-0', 'zeta-1'],
  );
});

test('unfenced brokers are listed to clients; active brokers are unfenced and not shutting down', () => {
  let image = sampleImage();
  image = apply(image, metadataRecord('BrokerRegistrationChange', { brokerId: 3, brokerEpoch: 3, inControlledShutdown: 1 }), 100, 1);
  image = apply(image, metadataRecord('BrokerRegistrationChange', { brokerId: 1, brokerEpoch: 1, fenced: 1 }), 101, 1);
  assert.deepEqual(sortedBrokers(image).map((b) => b.brokerId), [1, 2, 3]);
  assert.deepEqual(unfencedBrokers(image).map((b) => b.brokerId), [2, 3]);
  assert.deepEqual(activeBrokerIds(image), [2]);
  assert.deepEqual([1, 2, 3, 4].map((b) => isActiveBroker(image, b)), [false, true, false, false]);
});

test('topic config overrides and internal topics', () => {
  const image = sampleImage();
  assert.deepEqual([...topicConfigOverrides(image, 'orders')], [['retention.ms', '3600000']]);
  assert.equal(topicConfigOverrides(image, 'other').size, 0);
  assert.equal(isInternalTopic('__consumer_offsets'), true);
  assert.equal(isInternalTopic('__transaction_state'), true);
  assert.equal(isInternalTopic('__other'), false);
});
