import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode } from '@orderlab/kafka-protocol';
import { Harness, state } from '../kit';

/** Broker 1 was fenced and came back: partitions it preferred are led by others. */
function recovered() {
  const h = new Harness();
  h.addBrokers(1, 2, 3);
  h.createTopic('t', 3, 3); // replicas [1,2,3] [2,3,1] [3,1,2]
  h.heartbeat(1, { wantFence: true });
  h.heartbeat(1);
  const epoch = (p: number) => h.partition('t', p).partitionEpoch;
  const isr = (p: number) => h.partition('t', p).isr;
  // broker 1 catches up and its leader (2) adds it back to partition 0's ISR
  h.run((image) => h.control.alterPartition(image, { brokerId: 2, brokerEpoch: image.brokers.get(2)?.brokerEpoch ?? -1, topics: [{ topicName: 't', topicId: h.topicId('t'), partitions: [{ partitionIndex: 0, leaderEpoch: 1, partitionEpoch: epoch(0), newIsr: [], newIsrWithEpochs: [...isr(0), 1].map((b) => ({ brokerId: b, brokerEpoch: -1 })), leaderRecoveryState: 0 }] }] }, 3));
  return h;
}

test('preferred election moves leadership back to the first replica once it is in the ISR', () => {
  const h = recovered();
  assert.deepEqual(state(h.partition('t', 0)), { leader: 2, leaderEpoch: 1, partitionEpoch: 2, isr: [2, 3, 1] });
  const r = h.run((image) => h.control.electLeaders(image, { electionType: 0, topicPartitions: [{ topic: 't', partitions: [0, 1, 2, 7] }] }));
  assert.deepEqual(r.replicaElectionResults, [
    {
      topic: 't',
      partitionResult: [
        { partitionId: 0, errorCode: 0, errorMessage: null },
        { partitionId: 1, errorCode: ErrorCode.ELECTION_NOT_NEEDED, errorMessage: 'Leader election not needed for topic partition.' },
        { partitionId: 2, errorCode: ErrorCode.ELECTION_NOT_NEEDED, errorMessage: 'Leader election not needed for topic partition.' },
        { partitionId: 7, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: 'No such partition as t-7' },
      ],
    },
  ]);
  assert.deepEqual(state(h.partition('t', 0)), { leader: 1, leaderEpoch: 2, partitionEpoch: 3, isr: [2, 3, 1] });
});

test('a preferred replica outside the ISR cannot lead: PREFERRED_LEADER_NOT_AVAILABLE, nothing written', () => {
  const h = new Harness();
  h.addBrokers(1, 2, 3);
  h.createTopic('t', 1, 3);
  h.heartbeat(1, { wantFence: true });
  h.heartbeat(1); // unfenced, but not back in the ISR
  const before = h.log.length;
  const r = h.run((image) => h.control.electLeaders(image, { electionType: 0, topicPartitions: [{ topic: 't', partitions: [0] }, { topic: 'nope', partitions: [0] }] }));
  assert.deepEqual(r.replicaElectionResults.map((t) => t.partitionResult.map((p) => p.errorCode)), [[ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE], [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]]);
  assert.equal(h.log.length, before);
});

test('all partitions (null): those already led by their preferred replica are left out of the answer', () => {
  const h = recovered();
  const r = h.run((image) => h.control.electLeaders(image, { electionType: 0, topicPartitions: null }));
  assert.deepEqual(r.replicaElectionResults, [{ topic: 't', partitionResult: [{ partitionId: 0, errorCode: 0, errorMessage: null }] }]);
});

test('unclean election is refused as a whole', () => {
  const h = recovered();
  const r = h.control.electLeaders(h.image, { electionType: 1, topicPartitions: null });
  assert.deepEqual([r.records.length, r.response.errorCode, r.response.errorMessage], [0, ErrorCode.INVALID_REQUEST, 'Unclean leader election is not supported: it can lose acknowledged writes.']);
});
