import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../src';

test('a seed replays the same stream; another seed does not', () => {
  const draw = (seed: number) => {
    const r = new Rng(seed);
    return Array.from({ length: 8 }, () => r.nextUint32());
  };
  assert.deepEqual(draw(42), draw(42));
  const a = new Rng(42);
  const b = new Rng(43);
  assert.notDeepEqual([a.nextUint32(), a.nextUint32()], [b.nextUint32(), b.nextUint32()]);
});

test('forked streams are independent of how much the parent or a sibling drew', () => {
  const first = new Rng(7);
  const workloadA = first.fork('workload');
  const a = [workloadA.next(), workloadA.next()];
  const second = new Rng(7);
  const network = second.fork('network');
  for (let i = 0; i < 1000; i++) network.next();
  second.next();
  const workloadB = second.fork('workload');
  assert.deepEqual([workloadB.next(), workloadB.next()], a);
});

test('int() covers its inclusive range uniformly enough; shuffle() permutes', () => {
  const r = new Rng(1);
  const counts = new Map<number, number>();
  for (let i = 0; i < 6000; i++) {
    const x = r.int(1, 6);
    counts.set(x, (counts.get(x) ?? 0) + 1);
  }
  assert.deepEqual([...counts.keys()].sort(), [1, 2, 3, 4, 5, 6]);
  for (const c of counts.values()) assert.ok(c > 800 && c < 1200, `count ${c}`);
  const items = [1, 2, 3, 4, 5, 6, 7];
  assert.deepEqual(r.shuffle(items).sort(), items);
  assert.ok(r.exponential(5) >= 0);
});
