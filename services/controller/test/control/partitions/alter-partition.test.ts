import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode } from '@orderlab/kafka-protocol';
import type { AlterPartitionReply } from '../../../src/control';
import { Harness, state } from '../kit';

/** A 3-broker cluster with topic t: one partition, replicas [1,2,3], leader 1. */
function cluster() {
  const h = new Harness();
  h.addBrokers(1, 2, 3);
  h.createTopic('t', 1, 3);
  return h;
}

type Proposal = { brokerId?: number; brokerEpoch?: number; leaderEpoch?: number; partitionEpoch?: number; isr: Array<number | [number, number]>; partitionIndex?: number; leaderRecoveryState?: number };

function propose(h: Harness, proposals: Proposal[], version = 3, topicName = 't'): AlterPartitionReply {
  const from = proposals[0]?.brokerId ?? 1;
  return h.run((image) =>
    h.control.alterPartition(
      image,
      {
        brokerId: from,
        brokerEpoch: proposals[0]?.brokerEpoch ?? image.brokers.get(from)?.brokerEpoch ?? -1,
        topics: [
          {
            topicName,
            topicId: h.image.topicIdsByName.has(topicName) ? h.topicId(topicName) : Buffer.alloc(16, 99),
            partitions: proposals.map((x) => ({
              partitionIndex: x.partitionIndex ?? 0,
              leaderEpoch: x.leaderEpoch ?? h.partition('t', 0).leaderEpoch,
              partitionEpoch: x.partitionEpoch ?? h.partition('t', 0).partitionEpoch,
              newIsr: x.isr.map((m) => (Array.isArray(m) ? m[0] : m)),
              newIsrWithEpochs: x.isr.map((m) => (Array.isArray(m) ? { brokerId: m[0], brokerEpoch: m[1] } : { brokerId: m, brokerEpoch: -1 })),
              leaderRecoveryState: x.leaderRecoveryState ?? 0,
            })),
          },
        ],
      },
      version,
    ),
  );
}

const codes = (r: AlterPartitionReply) => r.topics.flatMap((t) => t.partitions.map((p) => p.errorCode));

test('the leader shrinks and expands the ISR: one record each, partition epoch bumps, leader epoch does not', () => {
  const h = cluster();
  const shrunk = propose(h, [{ isr: [1, 2] }]);
  assert.deepEqual(shrunk.topics[0]?.partitions[0], { partitionIndex: 0, errorCode: 0, leaderId: 1, leaderEpoch: 0, isr: [1, 2], leaderRecoveryState: 0, partitionEpoch: 1 });
  assert.deepEqual(state(h.partition('t', 0)), { leader: 1, leaderEpoch: 0, partitionEpoch: 1, isr: [1, 2] });
  const grown = propose(h, [{ isr: [1, 2, 3] }]);
  assert.equal(grown.topics[0]?.partitions[0]?.partitionEpoch, 2);
  assert.deepEqual(state(h.partition('t', 0)), { leader: 1, leaderEpoch: 0, partitionEpoch: 2, isr: [1, 2, 3] });
  const before = h.log.length;
  const same = propose(h, [{ isr: [1, 2, 3] }]);
  assert.deepEqual([codes(same), h.log.length], [[0], before], 'the same ISR again: answered, nothing written');
});

test('a stale proposal (an older partition epoch) is INVALID_UPDATE_VERSION; an older leader epoch FENCED_LEADER_EPOCH', () => {
  const h = cluster();
  propose(h, [{ isr: [1, 2] }]);
  assert.deepEqual(codes(propose(h, [{ isr: [1, 2, 3], partitionEpoch: 0 }])), [ErrorCode.INVALID_UPDATE_VERSION]);
  h.heartbeat(1, { wantFence: true }); // leadership moves to 2, leader epoch 1
  assert.deepEqual(codes(propose(h, [{ brokerId: 1, brokerEpoch: h.image.brokers.get(1)?.brokerEpoch, isr: [1, 2], leaderEpoch: 0 }])), [ErrorCode.FENCED_LEADER_EPOCH]);
});

test('epochs newer than the controller knows mean it is stale: NOT_CONTROLLER', () => {
  const h = cluster();
  assert.deepEqual(codes(propose(h, [{ isr: [1, 2], leaderEpoch: 1 }])), [ErrorCode.NOT_CONTROLLER]);
  assert.deepEqual(codes(propose(h, [{ isr: [1, 2], partitionEpoch: 5 }])), [ErrorCode.NOT_CONTROLLER]);
});

test('only the leader may propose, and its ISR must be a subset of the replicas that includes it', () => {
  const h = cluster();
  assert.deepEqual(codes(propose(h, [{ brokerId: 2, isr: [1, 2] }])), [ErrorCode.INVALID_REQUEST], 'not the leader');
  assert.deepEqual(codes(propose(h, [{ isr: [2, 3] }])), [ErrorCode.INVALID_REQUEST], 'without the leader');
  assert.deepEqual(codes(propose(h, [{ isr: [1, 4] }])), [ErrorCode.INVALID_REQUEST], '4 is no replica');
  assert.deepEqual(codes(propose(h, [{ isr: [1, 1] }])), [ErrorCode.INVALID_REQUEST], 'duplicate');
  assert.deepEqual(codes(propose(h, [{ isr: [1], leaderRecoveryState: 1 }])), [ErrorCode.INVALID_REQUEST], 'RECOVERED cannot become RECOVERING');
});

test('fenced, shutting-down, unregistered or re-incarnated members are INELIGIBLE_REPLICA (OPERATION_NOT_ATTEMPTED before v2)', () => {
  const h = cluster();
  propose(h, [{ isr: [1, 2] }]);
  h.heartbeat(3, { wantFence: true });
  assert.deepEqual(codes(propose(h, [{ isr: [1, 2, 3] }])), [ErrorCode.INELIGIBLE_REPLICA]);
  assert.deepEqual(codes(propose(h, [{ isr: [1, 2, 3] }], 1)), [ErrorCode.OPERATION_NOT_ATTEMPTED]);
  const epoch2 = h.image.brokers.get(2)?.brokerEpoch ?? -1;
  assert.deepEqual(codes(propose(h, [{ isr: [1, [2, epoch2 - 1]] }])), [ErrorCode.INELIGIBLE_REPLICA], 'broker 2 of an older epoch');
  assert.deepEqual(codes(propose(h, [{ isr: [1, [2, epoch2]] }])), [0]);
  h.heartbeat(3); // back
  h.heartbeat(3, { wantShutDown: true }); // no leaderships: shuts down at once, fenced
  assert.deepEqual(codes(propose(h, [{ isr: [1, 2, 3] }])), [ErrorCode.INELIGIBLE_REPLICA]);
});

test('a wrong broker epoch fails the whole request with STALE_BROKER_EPOCH', () => {
  const h = cluster();
  const r = propose(h, [{ isr: [1, 2], brokerEpoch: 999 }]);
  assert.deepEqual([r.errorCode, r.topics], [ErrorCode.STALE_BROKER_EPOCH, []]);
});

test('unknown topics and partitions: UNKNOWN_TOPIC_ID by id (v2+), UNKNOWN_TOPIC_OR_PARTITION by name or for a missing partition', () => {
  const h = cluster();
  assert.deepEqual(codes(propose(h, [{ isr: [1] }], 3, 'nope')), [ErrorCode.UNKNOWN_TOPIC_ID]);
  assert.deepEqual(codes(propose(h, [{ isr: [1] }], 1, 'nope')), [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
  assert.deepEqual(codes(propose(h, [{ isr: [1], partitionIndex: 4 }])), [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
});

test('the same partition twice in one request: the second proposal is stale', () => {
  const h = cluster();
  assert.deepEqual(codes(propose(h, [{ isr: [1, 2] }, { isr: [1, 3] }])), [0, ErrorCode.INVALID_UPDATE_VERSION]);
  assert.deepEqual(h.partition('t', 0).isr, [1, 2]);
});
