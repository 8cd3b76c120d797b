import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TestCluster } from '../helpers/test-cluster';
import { Solo } from '../helpers/solo';
import type { Snapshot } from '../../src';

test('a follower behind the leader’s log start catches up from a chunked snapshot, then from the log', () => {
  const c = new TestCluster([1, 2, 3], { maxSnapshotChunkBytes: 3 }, 5);
  const leader = c.electLeader();
  const behind = [1, 2, 3].find((id) => id !== leader)!;
  c.isolate(behind);
  for (let i = 0; i < 5; i++) c.propose(leader, `v${i}`);
  c.run(5);
  const l = c.member(leader);
  const applied = l.node.status().appliedOffset;
  const epochBelow = l.storage.epochOf(applied - 1);
  assert.ok(epochBelow.ok);
  const snapshot: Snapshot = { endOffset: applied, epoch: epochBelow.value, bytes: Buffer.from(`state after v0..v4 (${applied})`) };
  assert.ok(l.node.snapshotCreated(snapshot).ok);
  l.storage.saveSnapshot(snapshot);
  l.storage.compact(applied);
  c.propose(leader, 'after');
  c.heal();
  c.runUntil(() => c.appliedValues(behind).includes('after'), 300, 'the lagging follower caught up');
  const f = c.member(behind);
  assert.deepEqual(f.storage.snapshot(), snapshot);
  assert.equal(f.storage.firstOffset(), applied);
  assert.deepEqual(c.appliedValues(behind), ['after'], 'only what follows the snapshot is applied from the log');
  const chunks = c.sent.filter((m) => m.type === 'FetchSnapshotResponse' && m.to === behind);
  assert.equal(chunks.length, Math.ceil(snapshot.bytes.length / 3));
});

test('snapshotCreated refuses a snapshot beyond what was applied, or with the wrong epoch', () => {
  const s = new Solo(1, [1]);
  s.flush();
  assert.ok(s.node.propose([Buffer.from('a')]).ok);
  s.flush();
  const applied = s.node.status().appliedOffset;
  assert.equal(applied, 2);
  const bytes = Buffer.from('s');
  assert.deepEqual(s.node.snapshotCreated({ endOffset: 3, epoch: 1, bytes }), { ok: false, error: { code: 'NOT_APPLIED', appliedOffset: 2 } });
  assert.equal(s.node.snapshotCreated({ endOffset: 2, epoch: 9, bytes }).ok, false);
  assert.equal(s.node.snapshotCreated({ endOffset: 2, epoch: 1, bytes }).ok, true);
  assert.deepEqual(s.node.snapshotCreated({ endOffset: 2, epoch: 1, bytes }), { ok: false, error: { code: 'NOT_NEWER' } });
});
