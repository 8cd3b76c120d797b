import assert from 'node:assert/strict';
import { test } from 'node:test';
import { batchEndOffset } from '@orderlab/raft';
import { DATA_DIR, MemoryFileSystem, dataBatch, leaderChange, openStorage, ready } from './storage-kit';

const snapshotOf = (endOffset: number, epoch: number) => ({ endOffset, epoch, bytes: Buffer.from(`snapshot@${endOffset}`) });

test('persist writes hard state and batches durably: a crash right after keeps all of it', () => {
  const fs = new MemoryFileSystem();
  const s = openStorage(fs);
  s.persist(ready({ hardState: { epoch: 2, votedId: 1, leaderId: 1 }, entries: [leaderChange(0, 2, 1), dataBatch(1, 2, ['a', 'b'])] }));
  fs.crash();
  const again = openStorage(fs);
  assert.deepEqual(again.initialHardState(), { epoch: 2, votedId: 1, leaderId: 1 });
  assert.equal(again.endOffset(), 3);
  const read = again.batches(0, 3, 1 << 20);
  assert.ok(read.ok);
  assert.deepEqual(read.value.map((b) => [b.baseOffset, b.epoch, b.control, b.records.map(String)]), [
    [0, 2, true, [read.value[0]!.records[0]!.toString()]],
    [1, 2, false, ['a', 'b']],
  ]);
  assert.equal(again.endOffsetForEpoch(2)?.endOffset, 3);
});

test('the log is Kafka\'s layout: segments, quorum-state and partitionLeaderEpoch = the Raft epoch', () => {
  const fs = new MemoryFileSystem();
  const s = openStorage(fs);
  s.persist(ready({ hardState: { epoch: 4, votedId: 2, leaderId: 2 }, entries: [dataBatch(0, 4, ['x'])] }));
  const dir = `${DATA_DIR}/__cluster_metadata-0`;
  assert.ok(fs.list(dir).includes('00000000000000000000.log'));
  const state = JSON.parse(fs.readFile(`${dir}/quorum-state`)!.toString());
  assert.deepEqual([state.leaderEpoch, state.votedId, state.leaderId, state.data_version], [4, 2, 2, 0]);
  assert.equal(fs.readFile(`${dir}/00000000000000000000.log`)!.readInt32BE(12), 4);
});

test('truncation drops the diverged tail on disk and in the epoch index', () => {
  const fs = new MemoryFileSystem();
  const s = openStorage(fs);
  s.persist(ready({ entries: [dataBatch(0, 1, ['a']), dataBatch(1, 2, ['b', 'c']), dataBatch(3, 2, ['d'])] }));
  s.persist(ready({ truncateTo: 1, entries: [dataBatch(1, 3, ['B'])] }));
  const again = openStorage(fs);
  assert.equal(again.endOffset(), 2);
  assert.equal(again.endOffsetForEpoch(2)?.epoch, 1, 'epoch 2 is gone');
  assert.deepEqual(again.lastEpoch(), 3);
});

test('a snapshot compacts the log; a restart starts at it and keeps the tail, so the epoch index stays bounded', () => {
  const fs = new MemoryFileSystem();
  const s = openStorage(fs, 200);
  const batches = Array.from({ length: 30 }, (_, i) => dataBatch(i, 1 + Math.floor(i / 5), [`r${i}`]));
  for (const b of batches) s.persist(ready({ entries: [b] }));
  s.saveSnapshot(snapshotOf(25, 5));
  assert.equal(s.firstOffset(), 25);
  assert.deepEqual(s.epochOf(24), { ok: true, value: 5 }, 'the snapshot answers for the offset below the log start');
  assert.equal(s.endOffsetForEpoch(3), undefined, 'epochs below the snapshot are forgotten');
  const again = openStorage(fs, 200);
  assert.deepEqual([again.firstOffset(), again.endOffset(), again.snapshot()?.endOffset], [25, 30, 25]);
  const tail = again.batches(25, 30, 1 << 20);
  assert.ok(tail.ok && tail.value.length === 5);
  const segments = fs.list(`${DATA_DIR}/__cluster_metadata-0`).filter((n) => n.endsWith('.log'));
  assert.ok(segments.length < 30 / 2, `old segments are deleted (${segments.length} left)`);
});

test('only the two latest snapshot files are kept', () => {
  const fs = new MemoryFileSystem();
  const s = openStorage(fs);
  for (let i = 0; i < 12; i++) s.persist(ready({ entries: [dataBatch(i, 1, [`r${i}`])] }));
  for (const end of [3, 6, 9, 12]) s.saveSnapshot(snapshotOf(end, 1));
  const files = fs.list(`${DATA_DIR}/__cluster_metadata-0`).filter((n) => n.endsWith('.checkpoint')).sort();
  assert.deepEqual(files, ['00000000000000000009-0000000001.checkpoint', '00000000000000000012-0000000001.checkpoint']);
});

test('a snapshot from the leader replaces the whole log, durably', () => {
  const fs = new MemoryFileSystem();
  const s = openStorage(fs);
  s.persist(ready({ entries: [dataBatch(0, 1, ['stale-a']), dataBatch(1, 1, ['stale-b'])] }));
  s.persist(ready({ snapshot: snapshotOf(40, 3), entries: [dataBatch(40, 3, ['next'])] }));
  fs.crash();
  const again = openStorage(fs);
  assert.deepEqual([again.firstOffset(), again.endOffset(), again.snapshot()?.endOffset, again.lastEpoch()], [40, 41, 40, 3]);
});

test('a crash between writing a leader\'s snapshot and resetting the log: the snapshot wins at restart (Kafka\'s rule)', () => {
  const fs = new MemoryFileSystem();
  const s = openStorage(fs);
  s.persist(ready({ entries: [dataBatch(0, 1, ['old'])] }));
  // As if the process died after the snapshot file was written but before the log restarted at its end.
  fs.writeFileAtomic(`${DATA_DIR}/__cluster_metadata-0/00000000000000000040-0000000003.checkpoint`, Buffer.from('snap'));
  const again = openStorage(fs);
  assert.deepEqual([again.firstOffset(), again.endOffset()], [40, 40]);
  again.persist(ready({ entries: [dataBatch(40, 3, ['after'])] }));
  assert.equal(batchEndOffset(dataBatch(40, 3, ['after'])), openStorage(fs).endOffset());
});

test('a log that starts past 0 with no snapshot covering it is refused at startup with a clear error', () => {
  const fs = new MemoryFileSystem();
  const s = openStorage(fs);
  for (let i = 0; i < 4; i++) s.persist(ready({ entries: [dataBatch(i, 1, [`r${i}`])] }));
  s.saveSnapshot(snapshotOf(4, 1));
  for (const n of fs.list(`${DATA_DIR}/__cluster_metadata-0`)) if (n.endsWith('.checkpoint')) fs.remove(`${DATA_DIR}/__cluster_metadata-0/${n}`);
  assert.throws(() => openStorage(fs), /no snapshot covers/);
});

test('an append that does not continue the log is a driver bug and throws before writing', () => {
  const s = openStorage(new MemoryFileSystem());
  assert.throws(() => s.persist(ready({ entries: [dataBatch(5, 1, ['gap'])] })), /ends at 0/);
});
