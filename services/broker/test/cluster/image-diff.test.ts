import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY_IMAGE, applyBatch, metadataRecord, type MetadataImage, type MetadataRecord } from '@orderlab/metadata';
import { diffImages } from '../../src/cluster/image-diff';
import { toTopicMetadata } from '../../src/cluster/kraft-cluster-metadata';

const id = (n: number): Buffer => Buffer.from(String(n).padStart(32, '0'), 'hex');
const partition = (t: number, p: number, leader: number): MetadataRecord =>
  metadataRecord('Partition', { partitionId: p, topicId: id(t), replicas: [1, 2], isr: [leader], removingReplicas: [], addingReplicas: [], leader, leaderRecoveryState: 0, leaderEpoch: 0, partitionEpoch: 0, directories: [] });

let offset = 0;
const after = (image: MetadataImage, records: MetadataRecord[]): MetadataImage => {
  const next = applyBatch(image, records, offset, 1);
  offset += records.length;
  return next;
};
const kinds = (a: MetadataImage, b: MetadataImage) => diffImages(a, b, toTopicMetadata).map((c) => `${c.type}:${c.topic.name}${c.type === 'partitions-changed' ? `:${c.partitions.join()}` : ''}`);

test('creation, partition moves, added partitions, configs and deletion come out as the events the replica manager uses', () => {
  const v1 = after(EMPTY_IMAGE, [metadataRecord('Topic', { name: 'a', topicId: id(1) }), partition(1, 0, 1), partition(1, 1, 2)]);
  assert.deepEqual(kinds(EMPTY_IMAGE, v1), ['topic-created:a']);
  const v2 = after(v1, [metadataRecord('PartitionChange', { partitionId: 1, topicId: id(1), isr: null, leader: -1, replicas: null, removingReplicas: null, addingReplicas: null, leaderRecoveryState: -1, directories: null, eligibleLeaderReplicas: null, lastKnownElr: null })]);
  assert.deepEqual(kinds(v1, v2), ['partitions-changed:a:1']);
  const v3 = after(v2, [partition(1, 2, 1), metadataRecord('Config', { resourceType: 2, resourceName: 'a', name: 'retention.ms', value: '1000' })]);
  assert.deepEqual(kinds(v2, v3), ['partitions-added:a', 'configs-changed:a']);
  const v4 = after(v3, [metadataRecord('RemoveTopic', { topicId: id(1) }), metadataRecord('Topic', { name: 'a', topicId: id(2) }), partition(2, 0, 1)]);
  assert.deepEqual(kinds(v3, v4), ['topic-deleted:a', 'topic-created:a'], 'a re-created topic is deleted first, then created');
  assert.deepEqual(kinds(v4, v4), []);
});

test('topic metadata shows the image as it is: leader -1 when offline, ISR as recorded', () => {
  const v1 = after(EMPTY_IMAGE, [metadataRecord('Topic', { name: 'b', topicId: id(3) }), partition(3, 0, 2)]);
  const t = toTopicMetadata(v1, v1.topicsById.values().next().value!);
  assert.deepEqual(t.partitions[0], { partition: 0, leader: 2, leaderEpoch: 0, partitionEpoch: 0, replicas: [1, 2], isr: [2] });
});
