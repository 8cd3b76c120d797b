import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Ready } from '@orderlab/raft';
import { Rng, SimDisk } from '../src';

const ready = (baseOffset: number, n: number, epoch = 1): Ready => ({
  hardState: { epoch, votedId: 1, leaderId: 1 },
  entries: Array.from({ length: n }, (_, i) => ({ baseOffset: baseOffset + i, epoch, records: [Buffer.from(`r${baseOffset + i}`)], control: false })),
  committed: [],
  messages: [],
  highWatermark: 0,
  role: 'leader',
  epoch,
  leaderId: 1,
});

test('writes are visible at once but durable only after fsync; a crash loses every unsynced write', () => {
  const d = new SimDisk();
  d.writeReady(ready(0, 2));
  d.fsync();
  d.writeReady(ready(2, 3, 2));
  assert.equal(d.visible.endOffset(), 5);
  assert.equal(d.durableEndOffset(), 2);
  assert.equal(d.crash(undefined), 4, 'hard state + 3 batches lost');
  assert.equal(d.visible.endOffset(), 2);
  assert.equal(d.visible.initialHardState().epoch, 1);
});

test('a crash with an rng keeps a prefix of the unsynced writes, in write order', () => {
  const rng = new Rng(5);
  for (let i = 0; i < 20; i++) {
    const d = new SimDisk();
    d.writeReady(ready(0, 4, 3));
    const lost = d.crash(rng);
    const kept = 5 - lost;
    assert.equal(d.visible.endOffset(), Math.max(0, kept - 1), 'batches survive only after the hard state, in order');
    assert.equal(d.visible.initialHardState().epoch, kept > 0 ? 3 : 0);
  }
});

test('a snapshot and its compaction are writes like any other', () => {
  const d = new SimDisk();
  d.writeReady(ready(0, 4));
  d.fsync();
  d.saveSnapshotAndCompact({ endOffset: 3, epoch: 1, bytes: Buffer.from('s') });
  assert.equal(d.visible.firstOffset(), 3);
  d.crash(undefined);
  assert.equal(d.visible.firstOffset(), 0, 'not synced: the log is whole again');
  assert.equal(d.visible.snapshot(), undefined);
});
