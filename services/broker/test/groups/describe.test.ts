import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode } from '@orderlab/kafka-protocol';
import { harness, joinInput, stableGroup, startJoin } from './harness';

test('DescribeGroups of a Stable group: state, protocol type and name, members with client, host, metadata and assignment', () => {
  const h = harness();
  const { members } = stableGroup(h, 'g', 2, { clientId: 'billing' });
  const { errorCode, view } = h.coordinator.describeGroup('g');
  assert.equal(errorCode, ErrorCode.NONE);
  assert.equal(view.state, 'Stable');
  assert.equal(view.protocolType, 'consumer');
  assert.equal(view.protocol, 'roundrobin');
  assert.deepEqual(view.members.map((m) => m.memberId).sort(), [...members].sort());
  for (const m of view.members) {
    assert.equal(m.clientId, 'billing');
    assert.equal(m.clientHost, '/127.0.0.1');
    assert.equal(m.groupInstanceId, null);
    assert.equal(m.metadata.toString(), 'm');
    assert.equal(m.assignment.toString(), `a-${m.memberId}`);
  }
});

test('DescribeGroups while rebalancing hides protocol and member data, as Kafka does; the admin snapshot keeps them', () => {
  const h = harness();
  stableGroup(h, 'g', 1);
  startJoin(h, joinInput('g'));
  const { view } = h.coordinator.describeGroup('g');
  assert.equal(view.state, 'PreparingRebalance');
  assert.equal(view.protocol, '');
  assert.ok(view.members.every((m) => m.metadata.length === 0 && m.assignment.length === 0));
  assert.equal(h.coordinator.describe('g')?.members[0]?.assignment.length ? 'kept' : 'lost', 'kept');
});

test('unknown groups describe as Dead without error; describeAll lists generation, leader and committed offsets', () => {
  const h = harness();
  assert.deepEqual(
    (({ state, protocolType, protocol, members }) => ({ state, protocolType, protocol, members }))(h.coordinator.describeGroup('missing').view),
    { state: 'Dead', protocolType: '', protocol: '', members: [] },
  );
  const { members, generation } = stableGroup(h, 'g', 1);
  const input = { groupId: 'g', memberId: members[0] as string, generationId: generation, groupInstanceId: null, topics: [{ name: 't', partitions: [{ partitionIndex: 2, committedOffset: 1188, committedLeaderEpoch: 0, committedMetadata: 'x' }] }] };
  h.coordinator.commitOffsets(input, () => undefined);
  const all = h.coordinator.describeAll();
  assert.equal(all.length, 1);
  assert.equal(all[0]?.generationId, 1);
  assert.equal(all[0]?.leader, members[0]);
  assert.deepEqual(all[0]?.offsets.map(({ topic, partition, offset, metadata }) => ({ topic, partition, offset, metadata })), [{ topic: 't', partition: 2, offset: 1188, metadata: 'x' }]);
  assert.deepEqual(h.coordinator.listGroups(), [{ groupId: 'g', protocolType: 'consumer', state: 'Stable' }]);
});

test('DeleteGroups answers in request order: not found, not empty, deleted', () => {
  const h = harness();
  stableGroup(h, 'busy', 1);
  h.coordinator.commitOffsets({ groupId: 'idle', memberId: '', generationId: -1, groupInstanceId: null, topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 3, committedLeaderEpoch: -1, committedMetadata: null }] }] }, () => undefined);
  let result: unknown;
  h.coordinator.deleteGroups(['missing', 'busy', 'idle'], (r) => (result = r));
  assert.deepEqual(result, [
    { groupId: 'missing', errorCode: ErrorCode.GROUP_ID_NOT_FOUND },
    { groupId: 'busy', errorCode: ErrorCode.NON_EMPTY_GROUP },
    { groupId: 'idle', errorCode: ErrorCode.NONE },
  ]);
});
