import assert from 'node:assert/strict';
import { test } from 'node:test';
import { digest, encodeMetadataRecord, metadataRecord } from '@orderlab/metadata';
import { silentLogger } from '@orderlab/shared';
import { MetadataState, buildSnapshot } from '../../src/metadata/metadata-state';
import { leaderChange } from '../storage/storage-kit';

const rec = (type: 'Topic' | 'FeatureLevel', i: number) =>
  encodeMetadataRecord(type === 'Topic' ? metadataRecord('Topic', { name: `t${i}`, topicId: Buffer.alloc(16, i + 1) }) : metadataRecord('FeatureLevel', { name: 'metadata.version', featureLevel: 14 }));
const data = (baseOffset: number, epoch: number, records: Buffer[]) => ({ baseOffset, epoch, records, control: false });

test('replay = snapshot of a prefix then replay of the rest (the position counts control batches too)', async () => {
  const policy = { maxNewRecords: 3, maxNewBytes: 1 << 20 };
  const full = new MetadataState(policy, silentLogger);
  const batches = [leaderChange(0, 1, 1), data(1, 1, [rec('FeatureLevel', 0)]), data(2, 1, [rec('Topic', 1), rec('Topic', 2)]), leaderChange(4, 2, 2), data(5, 2, [rec('Topic', 3)])];
  for (const b of batches.slice(0, 4)) full.apply(b);
  assert.equal(full.snapshotDue(), true);
  let turns = 0;
  const snap = await buildSnapshot(full.snapshotPoint(), 123, async () => void turns++);
  assert.ok(turns >= 2, 'the snapshot is built over several turns');
  assert.deepEqual([snap.endOffset, snap.epoch, full.snapshotDue()], [5, 2, false]);
  full.apply(batches[4]!);
  const restored = new MetadataState(policy, silentLogger);
  restored.restore(snap);
  restored.apply(batches[4]!);
  assert.equal(restored.appliedEnd, 6);
  assert.equal(digest(restored.image), digest(full.image));
});

test('a batch that does not apply stops replay for good, and says where', () => {
  const state = new MetadataState({ maxNewRecords: 100, maxNewBytes: 1 << 20 }, silentLogger);
  state.apply(data(0, 1, [rec('Topic', 1)]));
  state.apply(data(1, 1, [rec('Topic', 1)]));
  assert.equal(state.broken?.offset, 1);
  assert.match(state.broken!.reason, /./);
  state.apply(data(2, 1, [rec('Topic', 2)]));
  assert.equal(state.appliedEnd, 1, 'nothing after the broken batch is applied');
  state.apply(data(3, 1, [Buffer.from('garbage')]));
  assert.equal(state.snapshotDue(), false);
});
