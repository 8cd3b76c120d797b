import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Harness, state } from '../kit';

test('a broker is fenced only after its session timeout has passed, and only by fenceStaleBroker', () => {
  const h = new Harness({ sessionTimeoutMs: 6000 });
  h.addBrokers(1, 2, 3);
  h.createTopic('t', 3, 3);
  h.advance(3000);
  h.heartbeat(2);
  h.heartbeat(3);
  h.advance(3000);
  assert.equal(h.run((image, _n, now) => h.control.fenceStaleBroker(image, now)), null, 'exactly 6 s: still valid');
  assert.equal(h.control.nextSessionExpiryMs(h.image), h.nowMs + 1);
  h.advance(1);
  assert.equal(h.run((image, _n, now) => h.control.fenceStaleBroker(image, now)), 1);
  assert.equal(h.image.brokers.get(1)?.fenced, true);
  assert.equal(h.run((image, _n, now) => h.control.fenceStaleBroker(image, now)), null, 'one fenced, the others are alive');
});

test('fencing: the broker leaves every ISR, its leaderships go to the first in-sync replica in assignment order, leader epochs bump', () => {
  const h = new Harness({ sessionTimeoutMs: 6000 });
  h.addBrokers(1, 2, 3);
  h.createTopic('t', 3, 3); // replicas [1,2,3] [2,3,1] [3,1,2]
  h.advance(6001);
  h.heartbeat(2);
  h.heartbeat(3);
  h.run((image, _n, now) => h.control.fenceStaleBroker(image, now));
  assert.deepEqual(state(h.partition('t', 0)), { leader: 2, leaderEpoch: 1, partitionEpoch: 1, isr: [2, 3] });
  assert.deepEqual(state(h.partition('t', 1)), { leader: 2, leaderEpoch: 0, partitionEpoch: 1, isr: [2, 3] });
  assert.deepEqual(state(h.partition('t', 2)), { leader: 3, leaderEpoch: 0, partitionEpoch: 1, isr: [3, 2] });
});

test('the last ISR member stays in the ISR when fenced and the partition goes offline; no leader from outside the ISR', () => {
  const h = new Harness({ sessionTimeoutMs: 6000 });
  h.addBrokers(1, 2);
  h.createTopic('t', 1, 2); // replicas [1,2]
  h.run((image) => h.control.alterPartition(image, { brokerId: 1, brokerEpoch: image.brokers.get(1)?.brokerEpoch ?? -1, topics: [{ topicName: 't', topicId: h.topicId('t'), partitions: [{ partitionIndex: 0, leaderEpoch: 0, newIsr: [], newIsrWithEpochs: [{ brokerId: 1, brokerEpoch: -1 }], leaderRecoveryState: 0, partitionEpoch: 0 }] }] }, 3));
  assert.deepEqual(h.partition('t', 0).isr, [1], 'broker 2 fell out of the ISR');
  h.advance(6001);
  h.heartbeat(2);
  h.run((image, _n, now) => h.control.fenceStaleBroker(image, now));
  assert.deepEqual(state(h.partition('t', 0)), { leader: -1, leaderEpoch: 1, partitionEpoch: 2, isr: [1] }, 'broker 2 is alive but out of sync: it must not lead');
});

test('several expired brokers are fenced one per call, longest silent first, each seeing the previous one fenced', () => {
  const h = new Harness({ sessionTimeoutMs: 6000 });
  h.addBrokers(1, 2, 3);
  h.createTopic('t', 1, 3); // replicas [1,2,3]
  h.advance(1000);
  h.heartbeat(2);
  h.advance(6001);
  h.heartbeat(3);
  const order = [h.run((i, _n, now) => h.control.fenceStaleBroker(i, now)), h.run((i, _n, now) => h.control.fenceStaleBroker(i, now)), h.run((i, _n, now) => h.control.fenceStaleBroker(i, now))];
  assert.deepEqual(order, [1, 2, null]);
  assert.deepEqual(state(h.partition('t', 0)), { leader: 3, leaderEpoch: 2, partitionEpoch: 2, isr: [3] });
});

test('a newly active controller gives every registered broker a fresh session', () => {
  const h = new Harness({ sessionTimeoutMs: 6000 });
  h.addBrokers(1);
  h.advance(5999);
  h.control.activate(h.image, h.nowMs); // failover: the new controller has never heard from broker 1
  h.advance(6000);
  assert.equal(h.run((i, _n, now) => h.control.fenceStaleBroker(i, now)), null);
  h.advance(1);
  assert.equal(h.run((i, _n, now) => h.control.fenceStaleBroker(i, now)), 1);
  assert.equal(h.control.nextSessionExpiryMs(h.image), undefined, 'no unfenced broker left to watch');
});
