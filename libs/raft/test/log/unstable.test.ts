import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Unstable } from '../../src/log/unstable';
import { batch } from '../helpers/solo';

test('appends must continue the log; truncation inside the tail drops batches, below it records a stored cut', () => {
  const u = new Unstable(5);
  assert.equal(u.endOffset(), undefined, 'empty: storage decides');
  assert.throws(() => u.append(batch(6, 1, 'x'), 5), /append at 6/);
  u.append(batch(5, 1, 'a', 'b'), 5);
  u.append(batch(7, 1, 'c'), 7);
  u.truncate(7);
  assert.deepEqual(u.content().batches.map((b) => b.baseOffset), [5]);
  u.truncate(3);
  assert.deepEqual(u.content(), { snapshot: undefined, truncateTo: 3, batches: [] });
  assert.equal(u.endOffset(), 3);
  u.append(batch(3, 2, 'd'), 3);
  u.truncate(1);
  assert.equal(u.content().truncateTo, 1, 'the lowest cut wins');
});

test('a snapshot replaces everything; clear() hands the tail to storage', () => {
  const u = new Unstable(5);
  u.truncate(2);
  u.installSnapshot({ endOffset: 40, epoch: 3, bytes: Buffer.from('s') });
  assert.equal(u.content().truncateTo, undefined);
  assert.equal(u.endOffset(), 40);
  u.append(batch(40, 3, 'x'), 40);
  u.clear(41);
  assert.equal(u.isEmpty(), true);
  assert.equal(u.start, 41);
});
