import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DueQueue } from '../src/due-queue';

test('keys come out when due, earliest first; re-setting a key replaces its time', () => {
  const q = new DueQueue<string>();
  q.set('a', 30);
  q.set('b', 10);
  q.set('c', 20);
  q.set('a', 5);
  assert.deepEqual(q.popDue(4), []);
  assert.deepEqual(q.popDue(20), ['a', 'b', 'c']);
  assert.equal(q.size, 0);
  q.set('d', 50);
  q.delete('d');
  q.setEarliest('e', 40);
  q.setEarliest('e', 60);
  assert.deepEqual(q.popDue(100), ['e']);
});

test('a queue re-set many times stays small and still answers right', () => {
  const q = new DueQueue<number>();
  for (let round = 0; round < 200; round++) for (let k = 0; k < 10; k++) q.set(k, round * 10 + k);
  assert.deepEqual(q.popDue(1994), [0, 1, 2, 3, 4]);
  assert.deepEqual(q.popDue(10_000), [5, 6, 7, 8, 9]);
});
