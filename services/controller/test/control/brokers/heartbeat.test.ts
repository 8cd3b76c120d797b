import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode } from '@orderlab/kafka-protocol';
import { Harness, state } from '../kit';

test('an unknown broker or a wrong broker epoch is STALE_BROKER_EPOCH', () => {
  const h = new Harness();
  h.addBrokers(1);
  const unknown = h.heartbeat(9, { epoch: 5 });
  assert.deepEqual([unknown.errorCode, unknown.errorMessage], [ErrorCode.STALE_BROKER_EPOCH, 'No broker registration found for broker id 9']);
  const epoch = h.image.brokers.get(1)?.brokerEpoch ?? -1;
  const wrong = h.heartbeat(1, { epoch: epoch - 1 });
  assert.deepEqual([wrong.errorCode, wrong.errorMessage], [ErrorCode.STALE_BROKER_EPOCH, `Expected broker epoch ${epoch}, but got broker epoch ${epoch - 1}`]);
});

test('a fenced broker is unfenced only once it has read the log up to its registration, and not while it asks to stay fenced', () => {
  const h = new Harness();
  h.register(1);
  const epoch = h.image.brokers.get(1)?.brokerEpoch ?? -1;
  const behind = h.heartbeat(1, { offset: epoch - 1 });
  assert.deepEqual([behind.isCaughtUp, behind.isFenced, h.image.brokers.get(1)?.fenced], [false, true, true]);
  const wants = h.heartbeat(1, { offset: epoch, wantFence: true });
  assert.deepEqual([wants.isCaughtUp, wants.isFenced, h.image.brokers.get(1)?.fenced], [true, true, true]);
  const before = h.log.length;
  const ok = h.heartbeat(1, { offset: epoch });
  assert.deepEqual([ok.isCaughtUp, ok.isFenced, ok.shouldShutDown], [true, false, false]);
  assert.deepEqual(h.log.slice(before).map((e) => e.record), [{ type: 'BrokerRegistrationChange', brokerId: 1, brokerEpoch: epoch, fenced: -1, inControlledShutdown: 0, logDirs: [] }]);
  assert.equal(h.image.brokers.get(1)?.fenced, false);
  assert.equal(h.heartbeat(1).isFenced, false);
  assert.equal(h.log.length, before + 1, 'a steady heartbeat writes nothing');
});

test('unfencing a broker elects it in leaderless partitions whose ISR holds it (a new leader epoch)', () => {
  const h = new Harness();
  h.addBrokers(1, 2);
  h.run((image) => h.control.createTopics(image, [{ name: 't', numPartitions: -1, replicationFactor: -1, assignments: [{ partitionIndex: 0, brokerIds: [1] }], configs: [] }], false));
  h.heartbeat(1, { wantFence: true });
  assert.deepEqual(state(h.partition('t', 0)), { leader: -1, leaderEpoch: 1, partitionEpoch: 1, isr: [1] }, 'the last ISR member stays; the partition is offline');
  h.heartbeat(1);
  assert.deepEqual(state(h.partition('t', 0)), { leader: 1, leaderEpoch: 2, partitionEpoch: 2, isr: [1] });
});

test('WantFence on an unfenced broker fences it and moves its leaderships to in-sync replicas', () => {
  const h = new Harness();
  h.addBrokers(1, 2, 3);
  h.createTopic('t', 3, 3);
  const reply = h.heartbeat(1, { wantFence: true });
  assert.deepEqual([reply.isFenced, reply.shouldShutDown], [true, false]);
  assert.equal(h.image.brokers.get(1)?.fenced, true);
  assert.deepEqual(state(h.partition('t', 0)), { leader: 2, leaderEpoch: 1, partitionEpoch: 1, isr: [2, 3] });
  assert.deepEqual(state(h.partition('t', 1)), { leader: 2, leaderEpoch: 0, partitionEpoch: 1, isr: [2, 3] }, 'an ISR shrink alone keeps the leader epoch');
});

test('controlled shutdown: leaderships move first, and ShouldShutDown waits until every active broker has read the moves', () => {
  const h = new Harness();
  h.addBrokers(1, 2, 3);
  h.createTopic('t', 3, 3);
  h.run((image) => h.control.createTopics(image, [{ name: 'solo', numPartitions: -1, replicationFactor: -1, assignments: [{ partitionIndex: 0, brokerIds: [1] }], configs: [] }], false));
  const first = h.heartbeat(1, { wantShutDown: true });
  assert.deepEqual([first.isFenced, first.shouldShutDown], [false, false]);
  const b1 = h.image.brokers.get(1);
  assert.deepEqual([b1?.fenced, b1?.inControlledShutdown], [false, true]);
  assert.deepEqual(state(h.partition('t', 0)), { leader: 2, leaderEpoch: 1, partitionEpoch: 1, isr: [2, 3] });
  assert.equal(h.partition('t', 2).isr.includes(1), false);
  assert.deepEqual(state(h.partition('solo', 0)), { leader: -1, leaderEpoch: 1, partitionEpoch: 1, isr: [1] }, 'an rf=1 partition goes offline: no one else holds its data');
  const movesAt = h.image.lastAppliedOffset;
  // Brokers 2 and 3 have only reported offsets from before the moves.
  assert.equal(h.heartbeat(1, { wantShutDown: true }).shouldShutDown, false);
  h.heartbeat(2, { offset: movesAt });
  assert.equal(h.heartbeat(1, { wantShutDown: true }).shouldShutDown, false, 'broker 3 has not read the moves yet');
  h.heartbeat(3, { offset: movesAt });
  const done = h.heartbeat(1, { wantShutDown: true });
  assert.deepEqual([done.shouldShutDown, done.isFenced], [true, true]);
  assert.equal(h.image.brokers.get(1)?.fenced, true);
});

test('a broker with no leaderships, or a fenced one, asking to shut down is told to at once', () => {
  const h = new Harness();
  h.addBrokers(1, 2);
  const idle = h.heartbeat(2, { wantShutDown: true });
  assert.deepEqual([idle.shouldShutDown, idle.isFenced, h.image.brokers.get(2)?.fenced], [true, true, true]);
  h.register(3);
  assert.equal(h.heartbeat(3, { wantShutDown: true }).shouldShutDown, true);
});

test('after a controlled shutdown the same incarnation stays fenced; only a new incarnation comes back', () => {
  const h = new Harness();
  h.addBrokers(1, 2);
  h.run((image) => h.control.createTopics(image, [{ name: 'solo', numPartitions: -1, replicationFactor: -1, assignments: [{ partitionIndex: 0, brokerIds: [1] }], configs: [] }], false));
  h.heartbeat(1, { wantShutDown: true });
  h.heartbeat(2);
  assert.equal(h.heartbeat(1, { wantShutDown: true }).shouldShutDown, true);
  const again = h.heartbeat(1);
  assert.deepEqual([again.isFenced, h.image.brokers.get(1)?.fenced, h.partition('solo', 0).leader], [true, true, -1], 'it is not unfenced, so it is not elected either');
  const reply = h.register(1, 1);
  h.heartbeat(1, { offset: reply.brokerEpoch });
  assert.deepEqual([h.image.brokers.get(1)?.fenced, h.image.brokers.get(1)?.inControlledShutdown, h.partition('solo', 0).leader], [false, false, 1]);
});
