import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uuidToString, type PartitionImage } from '@orderlab/metadata';
import { buildPartitionChange } from '../../../src/control';

const TOPIC = uuidToString(Buffer.alloc(16, 7));
const p = (replicas: number[], isr: number[], leader: number): PartitionImage => ({ topicId: TOPIC, partition: 0, replicas, isr, leader, leaderEpoch: 4, partitionEpoch: 9 });
const all = () => true;
const except = (...down: number[]) => (b: number) => !down.includes(b);
const change = (r: ReturnType<typeof buildPartitionChange>) => (r === null ? null : { isr: r.isr, leader: r.leader });

test('nothing to change gives no record', () => {
  assert.equal(buildPartitionChange({ partition: p([1, 2, 3], [1, 2, 3], 1), isAcceptableLeader: all }), null);
  assert.equal(buildPartitionChange({ partition: p([1, 2, 3], [1, 2, 3], 1), isAcceptableLeader: all, targetIsr: [1, 2, 3] }), null);
});

test('an ISR change that keeps a valid leader sets only the ISR (leader -2 = unchanged)', () => {
  assert.deepEqual(change(buildPartitionChange({ partition: p([1, 2, 3], [1, 2, 3], 1), isAcceptableLeader: all, targetIsr: [1, 2] })), { isr: [1, 2], leader: -2 });
  assert.deepEqual(change(buildPartitionChange({ partition: p([1, 2, 3], [1], 1), isAcceptableLeader: all, targetIsr: [1, 3] })), { isr: [1, 3], leader: -2 });
});

test('a leader that leaves the ISR is replaced by the first replica, in assignment order, that is in the target ISR and acceptable', () => {
  assert.deepEqual(change(buildPartitionChange({ partition: p([3, 1, 2], [3, 1, 2], 3), isAcceptableLeader: except(3), targetIsr: [2, 1] })), { isr: [2, 1], leader: 1 });
  assert.deepEqual(change(buildPartitionChange({ partition: p([3, 1, 2], [3, 1, 2], 3), isAcceptableLeader: except(3, 1), targetIsr: [1, 2] })), { isr: [1, 2], leader: 2 });
});

test('an unacceptable leader still in the ISR is replaced too', () => {
  assert.deepEqual(change(buildPartitionChange({ partition: p([1, 2], [1, 2], 1), isAcceptableLeader: except(1) })), { isr: null, leader: 2 });
});

test('never a leader from outside the ISR: no valid ISR member means no leader', () => {
  assert.deepEqual(change(buildPartitionChange({ partition: p([1, 2, 3], [1, 2], 1), isAcceptableLeader: except(1, 2), targetIsr: [2] })), { isr: [2], leader: -1 });
});

test('the ISR is never emptied: the last member stays and the partition goes offline', () => {
  assert.deepEqual(change(buildPartitionChange({ partition: p([1, 2], [1], 1), isAcceptableLeader: except(1), targetIsr: [] })), { isr: null, leader: -1 });
  assert.equal(buildPartitionChange({ partition: p([1, 2], [1], -1), isAcceptableLeader: except(1), targetIsr: [] }), null, 'already offline: nothing changes');
});

test('a leaderless partition elects the first acceptable ISR member', () => {
  assert.deepEqual(change(buildPartitionChange({ partition: p([1, 2, 3], [3, 2], -1), isAcceptableLeader: all })), { isr: null, leader: 2 });
});

test('PREFERRED election: the first replica when valid, else the current leader stays', () => {
  assert.deepEqual(change(buildPartitionChange({ partition: p([1, 2, 3], [1, 2, 3], 2), isAcceptableLeader: all, election: 'PREFERRED' })), { isr: null, leader: 1 });
  assert.equal(buildPartitionChange({ partition: p([1, 2, 3], [2, 3], 2), isAcceptableLeader: all, election: 'PREFERRED' }), null, 'preferred not in the ISR');
  assert.equal(buildPartitionChange({ partition: p([1, 2, 3], [1, 2, 3], 2), isAcceptableLeader: except(1), election: 'PREFERRED' }), null, 'preferred fenced');
  assert.equal(buildPartitionChange({ partition: p([1, 2, 3], [1, 2, 3], 1), isAcceptableLeader: all, election: 'PREFERRED' }), null, 'already preferred');
});
