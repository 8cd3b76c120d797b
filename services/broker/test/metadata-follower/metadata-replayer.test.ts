import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ControlRecordType,
  LeaderChangeMessage,
  encodeControlBatch,
  encodeControlValue,
  encodeDataBatch,
  encodeMetadataRecord,
  encodeSnapshotFile,
  imageToRecords,
  metadataRecord,
  topicByName,
  type MetadataRecord,
} from '@orderlab/metadata';
import { MetadataReplayer, ReplayError } from '../../src/metadata-follower/metadata-replayer';

const topicId = (n: number): Buffer => Buffer.from(String(n).padStart(32, '0'), 'hex');
const topic = (name: string, n: number): MetadataRecord => metadataRecord('Topic', { name, topicId: topicId(n) });
const partition = (n: number, p: number): MetadataRecord =>
  metadataRecord('Partition', { partitionId: p, topicId: topicId(n), replicas: [1], isr: [1], removingReplicas: [], addingReplicas: [], leader: 1, leaderRecoveryState: 0, leaderEpoch: 0, partitionEpoch: 0, directories: [] });

const data = (baseOffset: number, epoch: number, records: MetadataRecord[]): Buffer =>
  encodeDataBatch({ baseOffset, epoch, timestamp: 0, values: records.map(encodeMetadataRecord) });
const leaderChange = (baseOffset: number, epoch: number): Buffer =>
  encodeControlBatch({ baseOffset, epoch, timestamp: 0, type: ControlRecordType.LEADER_CHANGE, value: encodeControlValue(LeaderChangeMessage, { version: 0, leaderId: 1, voters: [], grantingVoters: [] }) });

test('only batches wholly below the high watermark are applied; the rest wait', () => {
  const r = new MetadataReplayer();
  const bytes = Buffer.concat([leaderChange(0, 1), data(1, 1, [topic('a', 1), partition(1, 0)]), data(3, 1, [topic('b', 2)])]);
  assert.equal(r.onFetched(bytes, 3), true);
  assert.ok(topicByName(r.image, 'a'), 'committed topic applied');
  assert.equal(topicByName(r.image, 'b'), undefined, 'uncommitted topic not applied');
  assert.equal(r.appliedEnd, 3);
  assert.equal(r.lastAppliedOffset, 2);
  assert.deepEqual(r.fetchPosition(), { fetchOffset: 4, lastFetchedEpoch: 1 }, 'the next fetch continues after what is held');
  assert.equal(r.lag, 0);
  assert.equal(r.onFetched(null, 4), true, 'a later high watermark applies the held batch');
  assert.ok(topicByName(r.image, 'b'));
});

test('a re-sent batch is skipped; a gap is a replay error', () => {
  const r = new MetadataReplayer();
  r.onFetched(Buffer.concat([leaderChange(0, 1), data(1, 1, [topic('a', 1)])]), 2);
  assert.equal(r.onFetched(data(1, 1, [topic('a', 1)]), 2), false, 'nothing new');
  assert.throws(() => r.onFetched(data(5, 1, [topic('x', 9)]), 6), ReplayError);
});

test('divergence drops the uncommitted tail only; truncating below what was applied is an error', () => {
  const r = new MetadataReplayer();
  r.onFetched(Buffer.concat([leaderChange(0, 1), data(1, 1, [topic('a', 1)]), data(2, 1, [topic('lost', 2)])]), 2);
  r.truncateTo(2);
  assert.deepEqual(r.fetchPosition(), { fetchOffset: 2, lastFetchedEpoch: 1 });
  r.onFetched(Buffer.concat([leaderChange(2, 2), data(3, 2, [topic('kept', 3)])]), 4);
  assert.equal(topicByName(r.image, 'lost'), undefined);
  assert.ok(topicByName(r.image, 'kept'));
  assert.throws(() => r.truncateTo(1), ReplayError);
});

test('a snapshot replaces the image and the position; fetching continues after it', () => {
  const source = new MetadataReplayer();
  source.onFetched(Buffer.concat([leaderChange(0, 1), data(1, 1, [topic('a', 1), partition(1, 0)])]), 3);
  const snapshot = encodeSnapshotFile(imageToRecords(source.image), 1, 0);
  const r = new MetadataReplayer();
  r.onFetched(data(0, 1, [topic('stale', 7)]), 0);
  r.loadSnapshot(snapshot, 3, 1);
  assert.ok(topicByName(r.image, 'a'));
  assert.equal(topicByName(r.image, 'stale'), undefined);
  assert.deepEqual(r.fetchPosition(), { fetchOffset: 3, lastFetchedEpoch: 1 });
  r.onFetched(data(3, 1, [topic('b', 2)]), 4);
  assert.ok(topicByName(r.image, 'b'));
});

test('a record that does not apply stops replay with the offset named', () => {
  const r = new MetadataReplayer();
  assert.throws(() => r.onFetched(data(0, 1, [partition(42, 0)]), 1), (e: unknown) => e instanceof ReplayError && e.offset === 0 && /does not exist/.test(e.message));
  assert.equal(r.appliedEnd, 0);
});
