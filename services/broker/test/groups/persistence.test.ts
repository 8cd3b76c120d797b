import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode } from '@orderlab/kafka-protocol';
import type { GroupMetadataSnapshot, GroupRecord } from '../../src/groups';
import { harness, joinInput, startJoin, startSync, type Harness } from './harness';

/** Group g Stable at generation 1 with member a (assignment "A1"), then b joins and a rejoins: CompletingRebalance at generation 2. */
function midRebalance(h: Harness): { a: string; b: string } {
  const first = startJoin(h, joinInput('g'));
  const a = first.result?.memberId as string;
  startSync(h, 'g', a, 1, [{ memberId: a, assignment: Buffer.from('A1') }]);
  const bJoin = startJoin(h, joinInput('g'));
  startJoin(h, joinInput('g', { memberId: a }));
  const b = bJoin.result?.memberId as string;
  assert.equal(h.coordinator.describe('g')?.state, 'CompletingRebalance');
  assert.equal(h.coordinator.describe('g')?.generationId, 2);
  return { a, b };
}

function groupValue(records: readonly GroupRecord[]): GroupMetadataSnapshot | null | undefined {
  const r = records.find((x) => x.kind === 'group');
  return r?.kind === 'group' ? r.value : undefined;
}

test('a snapshot taken during CompletingRebalance holds the last completed generation, not the live one', () => {
  const h = harness({ initialDelayMs: 0 });
  const { a } = midRebalance(h);
  const value = groupValue(h.coordinator.snapshotRecords(h.coordinator.partitionFor('g')));
  assert.equal(value?.generation, 1);
  assert.deepEqual(value?.members.map((m) => [m.memberId, m.assignment.toString()]), [[a, 'A1']]);
});

test('reloaded from that snapshot, the half-done rebalance is gone: old syncs are refused, the members rejoin and both get the new assignment', () => {
  const h = harness({ initialDelayMs: 0 });
  const { a, b } = midRebalance(h);
  const partition = h.coordinator.partitionFor('g');
  const restarted = harness({ initialDelayMs: 0 });
  restarted.coordinator.unloadPartition(partition);
  restarted.coordinator.loadPartition(partition, h.coordinator.snapshotRecords(partition));
  const view = restarted.coordinator.describe('g');
  assert.deepEqual([view?.state, view?.generationId, view?.members.map((m) => m.memberId)], ['Stable', 1, [a]]);

  const newAssignment = [{ memberId: a, assignment: Buffer.from('A2') }, { memberId: b, assignment: Buffer.from('B2') }];
  assert.equal(startSync(restarted, 'g', a, 2, newAssignment).result?.errorCode, ErrorCode.ILLEGAL_GENERATION, "the leader's generation-2 assignment is not silently dropped");
  assert.equal(startSync(restarted, 'g', b, 2).result?.errorCode, ErrorCode.UNKNOWN_MEMBER_ID, 'the new member does not get an empty assignment');

  // (the restarted harness counts member ids from 1 again: another client id keeps them apart)
  const bAgain = startJoin(restarted, joinInput('g', { clientId: 'b' }));
  const aAgain = startJoin(restarted, joinInput('g', { memberId: a }));
  const bId = bAgain.result?.memberId as string;
  assert.equal(aAgain.result?.generationId, 2);
  const bSync = startSync(restarted, 'g', bId, 2);
  const aSync = startSync(restarted, 'g', a, 2, [{ memberId: a, assignment: Buffer.from('A2') }, { memberId: bId, assignment: Buffer.from('B2') }]);
  assert.deepEqual([aSync.result?.assignment.toString(), bSync.result?.assignment.toString()], ['A2', 'B2']);
});

test('group metadata is written only when a generation completes (leader SyncGroup) or the group empties', () => {
  const h = harness({ initialDelayMs: 0 });
  midRebalance(h);
  const generations = h.stored.flatMap((s) => s.records).map((r) => (r.kind === 'group' ? r.value?.generation : undefined)).filter((g) => g !== undefined);
  assert.deepEqual(generations, [1], 'nothing written for the join phase of generation 2');
});

test('a group write that fails is not what the snapshot holds', () => {
  const h = harness({ initialDelayMs: 0 });
  const { a, b } = midRebalance(h);
  h.failPersistence(ErrorCode.NOT_LEADER_OR_FOLLOWER);
  const bSync = startSync(h, 'g', b, 2);
  startSync(h, 'g', a, 2, [{ memberId: a, assignment: Buffer.from('A2') }, { memberId: b, assignment: Buffer.from('B2') }]);
  assert.equal(bSync.result?.errorCode, ErrorCode.NOT_COORDINATOR);
  assert.equal(groupValue(h.coordinator.snapshotRecords(h.coordinator.partitionFor('g')))?.generation, 1);
});
