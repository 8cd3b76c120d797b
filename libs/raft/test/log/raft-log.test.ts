import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RaftLog } from '../../src/log/raft-log';
import { MemoryStorage, writeReady } from '../../src';
import { batch } from '../helpers/solo';

function stored(): MemoryStorage {
  const s = new MemoryStorage();
  s.append([batch(0, 1, 'a'), batch(1, 1, 'b', 'c'), batch(3, 2, 'd')]);
  return s;
}

const offsets = (batches: { baseOffset: number }[] | undefined) => batches?.map((b) => b.baseOffset);

test('reads span storage and the unstable tail, whole batches, at least one', () => {
  const log = new RaftLog(stored());
  log.append(batch(4, 3, 'e'));
  log.append(batch(5, 3, 'f', 'g'));
  assert.deepEqual(offsets(log.read(1, 7, 1 << 20)), [1, 3, 4, 5]);
  assert.deepEqual(offsets(log.read(1, 7, 1)), [1], 'one batch even when larger than maxBytes');
  assert.deepEqual(offsets(log.read(4, 5, 1 << 20)), [4]);
  assert.equal(log.read(2, 7, 1 << 20), undefined, 'not a batch boundary');
  assert.deepEqual(log.read(7, 7, 1), []);
  assert.equal(log.endOffset(), 7);
  assert.equal(log.persistedEndOffset(), 4);
});

test('a pending truncation hides the stored records above it until the driver persists it', () => {
  const s = stored();
  const log = new RaftLog(s);
  log.truncateTo(1);
  log.append(batch(1, 4, 'x'));
  assert.equal(log.endOffset(), 2);
  assert.equal(log.lastEpoch(), 4);
  assert.equal(log.persistedEndOffset(), 1);
  assert.deepEqual(offsets(log.read(0, 9, 1 << 20)), [0, 1]);
  assert.equal(log.read(1, 9, 1 << 20)![0]!.records[0]!.toString(), 'x');
  const content = log.unstableContent();
  writeReady(s, { entries: content.batches, truncateTo: content.truncateTo, committed: [], messages: [], highWatermark: 0, role: 'follower', epoch: 4, leaderId: 1 });
  log.markStable();
  assert.equal(log.hasUnstable(), false);
  assert.equal(s.endOffset(), 2);
});

test('nothing below a pending snapshot is readable, though storage still holds it', () => {
  const log = new RaftLog(stored());
  log.installSnapshot({ endOffset: 10, epoch: 2, bytes: Buffer.from('s') });
  assert.equal(log.read(0, 10, 1 << 20), undefined);
  assert.deepEqual(log.read(10, 10, 1 << 20), []);
  assert.equal(log.startOffset(), 10);
  assert.equal(log.epochOf(9), 2);
});

test('markStable() refuses when storage does not hold what the Ready carried', () => {
  const log = new RaftLog(stored());
  log.append(batch(4, 3, 'e'));
  assert.throws(() => log.markStable(), /was the Ready persisted/);
});

test('epoch questions are answered over the logical log', () => {
  const log = new RaftLog(stored());
  log.append(batch(4, 5, 'e'));
  assert.deepEqual(log.endOffsetForEpoch(2), { epoch: 2, endOffset: 4 });
  assert.deepEqual(log.endOffsetForEpoch(4), { epoch: 2, endOffset: 4 });
  assert.deepEqual(log.endOffsetForEpoch(5), { epoch: 5, endOffset: 5 });
  assert.equal(log.epochOf(4), 5);
  assert.equal(log.isBatchBoundary(2), false);
  assert.equal(log.isBatchBoundary(3), true);
});
