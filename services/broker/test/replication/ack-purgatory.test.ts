import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AckPurgatory } from '../../src/partitions/ack-purgatory';

test('acks=all waiters complete in offset order once the high watermark reaches them', async () => {
  const q = new AckPurgatory();
  const done: string[] = [];
  const a = q.wait(5, 2).then((c) => done.push(`a:${c}`));
  const b = q.wait(9, 2).then((c) => done.push(`b:${c}`));
  q.complete(4, 3);
  await Promise.resolve();
  assert.deepEqual(done, []);
  q.complete(5, 3);
  await a;
  assert.deepEqual(done, ['a:0']);
  assert.equal(q.size, 1);
  q.complete(20, 3);
  await b;
  assert.deepEqual(done, ['a:0', 'b:0']);
});

test('an ISR shrunk below min.insync.replicas while waiting: NOT_ENOUGH_REPLICAS_AFTER_APPEND (20)', async () => {
  const q = new AckPurgatory();
  const w = q.wait(3, 2);
  q.complete(3, 1);
  assert.equal(await w, 20);
});

test('leadership moved: every waiter gets the code it is failed with', async () => {
  const q = new AckPurgatory();
  const ws = [q.wait(1, 1), q.wait(2, 1)];
  q.failAll(6);
  assert.deepEqual(await Promise.all(ws), [6, 6]);
  assert.equal(q.size, 0);
});
