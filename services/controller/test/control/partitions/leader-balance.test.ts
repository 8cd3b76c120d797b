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

/** Topic t (replicas [1,2]) led by 2 while its preferred replica 1 is back in the ISR. */
function imbalanced(config: ConstructorParameters<typeof Harness>[0]): Harness {
  const h = new Harness(config);
  h.addBrokers(1, 2);
  h.createTopic('t', 1, 2);
  h.heartbeat(1, { wantFence: true });
  h.heartbeat(1);
  const p = h.partition('t', 0);
  h.run((image) => h.control.alterPartition(image, { brokerId: 2, brokerEpoch: image.brokers.get(2)?.brokerEpoch ?? -1, topics: [{ topicName: 't', topicId: h.topicId('t'), partitions: [{ partitionIndex: 0, leaderEpoch: p.leaderEpoch, partitionEpoch: p.partitionEpoch, newIsr: [], newIsrWithEpochs: [2, 1].map((b) => ({ brokerId: b, brokerEpoch: -1 })), leaderRecoveryState: 0 }] }] }, 3));
  assert.equal(h.partition('t', 0).leader, 2);
  return h;
}

test('a preferred replica back in the ISR (AlterPartition expand) is re-elected at the next periodic call, not a whole interval later', () => {
  const h = imbalanced({ leaderImbalanceCheckIntervalMs: 300_000 });
  assert.equal(h.control.nextLeaderBalanceAtMs(), 0, 'due at once');
  h.run((image, _n, now) => h.control.periodicLeaderBalance(image, now));
  assert.equal(h.partition('t', 0).leader, 1);
  assert.equal(h.control.nextLeaderBalanceAtMs(), h.nowMs + 300_000, 'then every check interval again');
});

test('with auto.leader.rebalance.enable=false nothing moves, however long', () => {
  const h = imbalanced({ autoLeaderRebalanceEnable: false });
  assert.equal(h.control.nextLeaderBalanceAtMs(), undefined);
  h.advance(10_000_000);
  assert.deepEqual(h.control.periodicLeaderBalance(h.image, h.nowMs).records, []);
  assert.equal(h.partition('t', 0).leader, 2);
});
