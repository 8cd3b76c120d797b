import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CommitWaiters } from '../../src/active/commit-waiters';
import { type ControllerUnavailable, notController } from '../../src/active/controller-errors';
import { dataBatch } from '../storage/storage-kit';

const settle = async (p: Promise<void>): Promise<string> => p.then(() => 'committed', (e: ControllerUnavailable) => e.code);

test('a caller is answered only once its batch is applied, in offset order', async () => {
  const w = new CommitWaiters();
  const log: string[] = [];
  const a = w.wait(3, 0, { baseOffset: 0, epoch: 1 }).then(() => log.push('a'));
  const b = w.wait(5, 0, { baseOffset: 3, epoch: 1 }).then(() => log.push('b'));
  w.onApplied(dataBatch(0, 1, ['x', 'y', 'z']));
  await a;
  assert.deepEqual(log, ['a']);
  assert.equal(w.size, 1);
  w.onApplied(dataBatch(3, 1, ['u', 'v']));
  await b;
  assert.deepEqual(log, ['a', 'b']);
});

test('an empty decision waits for everything appended before it, or answers at once when that is applied', async () => {
  const w = new CommitWaiters();
  assert.equal(await settle(w.wait(4, 4)), 'committed');
  const pending = w.wait(6, 4);
  assert.equal(w.size, 1);
  w.onApplied(dataBatch(4, 1, ['a', 'b']));
  assert.equal(await settle(pending), 'committed');
});

test('a batch replaced at its offset by another epoch (truncated by a new leader) fails with NOT_CONTROLLER', async () => {
  const w = new CommitWaiters();
  const mine = w.wait(2, 0, { baseOffset: 0, epoch: 1 });
  w.onApplied(dataBatch(0, 2, ['theirs', 'too']));
  assert.equal(await settle(mine), 'NOT_CONTROLLER');
});

test('failAll rejects every waiter with the given reason', async () => {
  const w = new CommitWaiters();
  const p = [w.wait(10, 0), w.wait(20, 0, { baseOffset: 10, epoch: 1 })];
  w.failAll(notController('lost leadership'));
  assert.deepEqual(await Promise.all(p.map(settle)), ['NOT_CONTROLLER', 'NOT_CONTROLLER']);
  assert.equal(w.size, 0);
});
