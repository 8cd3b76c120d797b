import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ImageDraft, applyToDraft, metadataRecord } from '../../src';
import { partition, sampleImage, uuid } from '../kit';

const mapsAsJson = (x: unknown) => JSON.stringify(x, (_k, v) => (v instanceof Map ? [...v] : v));

test('a draft copies what it writes, once, and never writes its base', () => {
  const base = sampleImage();
  const before = mapsAsJson(base);
  const draft = new ImageDraft(base);
  applyToDraft(draft, metadataRecord('PartitionChange', { topicId: uuid(1), partitionId: 1, isr: [2, 3] }));
  const topicAfterFirst = draft.topicsById.get(base.topicIdsByName.get('orders') ?? '');
  applyToDraft(draft, metadataRecord('PartitionChange', { topicId: uuid(1), partitionId: 2, isr: [3, 1] }));
  applyToDraft(draft, partition(1, 3, [1]));
  assert.equal(draft.topicsById.get(base.topicIdsByName.get('orders') ?? ''), topicAfterFirst, 'the topic was copied once, then written in place');
  const built = draft.build(99, 2);
  assert.equal(mapsAsJson(base), before, 'the base image is untouched');
  assert.equal(built.brokers, base.brokers, 'untouched maps are shared');
  assert.deepEqual([built.topicsById.get(base.topicIdsByName.get('orders') ?? '')?.partitions.size, built.lastAppliedOffset, built.lastAppliedEpoch], [4, 99, 2]);
  assert.throws(() => applyToDraft(draft, partition(1, 4, [1])), /used after build/);
});
