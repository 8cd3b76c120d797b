import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestTracker } from '../../src/tracker/request-tracker';

test('requests fall due when unsent or timed out; a matching answer settles them, a stale one does not', () => {
  const t = new RequestTracker([2, 3]);
  assert.deepEqual(t.due(0, 10), [2, 3]);
  t.sent(2, 7, 0);
  t.sent(3, 8, 0);
  assert.deepEqual(t.due(9, 10), []);
  assert.deepEqual(t.due(10, 10), [2, 3]);
  assert.equal(t.settle(2, 99), false, 'unknown requestId');
  assert.equal(t.settle(2, 7), true);
  assert.equal(t.settle(2, 7), false, 'a duplicate answer');
  t.complete(3);
  assert.deepEqual(t.due(10, 10), [2]);
  assert.deepEqual(t.pending(), [2]);
  t.retryAt(2, 15, 10);
  assert.deepEqual(t.due(14, 10), []);
  assert.deepEqual(t.due(15, 10), [2]);
});
