import assert from 'node:assert/strict';
import { test } from 'node:test';
import { balancePartitionLeaders, leadersImbalanced } from '../../../src/control';
import { Harness, state } from '../kit';

test('the rebalance gives each partition back to its preferred replica once that one is in sync, at most N per pass', () => {
  const h = new Harness();
  h.addBrokers(1, 2, 3);
  h.createTopic('t', 3, 3); // preferred: 1, 2, 3
  assert.equal(leadersImbalanced(h.image), false);
  h.heartbeat(1, { wantFence: true });
  h.heartbeat(2, { wantFence: true });
  h.heartbeat(1);
  h.heartbeat(2);
  assert.deepEqual([0, 1, 2].map((p) => h.partition('t', p).leader), [3, 3, 3]);
  assert.equal(leadersImbalanced(h.image), true);
  assert.deepEqual(h.control.balancePartitionLeaders(h.image).records, [], 'preferred replicas are not in the ISR yet');
  for (const p of [0, 1]) {
    const part = h.partition('t', p);
    h.run((image) => h.control.alterPartition(image, { brokerId: 3, brokerEpoch: image.brokers.get(3)?.brokerEpoch ?? -1, topics: [{ topicName: 't', topicId: h.topicId('t'), partitions: [{ partitionIndex: p, leaderEpoch: part.leaderEpoch, partitionEpoch: part.partitionEpoch, newIsr: [], newIsrWithEpochs: [3, 1, 2].map((b) => ({ brokerId: b, brokerEpoch: -1 })), leaderRecoveryState: 0 }] }] }, 3));
  }
  const one = balancePartitionLeaders(h.image, 1);
  assert.deepEqual([one.records.length, one.response.moreToDo], [1, true]);
  const pass = h.run((image) => h.control.balancePartitionLeaders(image));
  assert.equal(pass.moreToDo, false);
  assert.deepEqual(state(h.partition('t', 0)), { leader: 1, leaderEpoch: 3, partitionEpoch: 4, isr: [3, 1, 2] });
  assert.deepEqual(state(h.partition('t', 1)), { leader: 2, leaderEpoch: 2, partitionEpoch: 4, isr: [3, 1, 2] });
  assert.equal(leadersImbalanced(h.image), false);
});
