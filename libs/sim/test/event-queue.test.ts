import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EventQueue } from '../src';

test('events pop by time, and in insertion order at equal times', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (times) => {
      const q = new EventQueue();
      times.forEach((t, i) => q.push(t, -1, String(i), () => undefined));
      const out: Array<[number, number]> = [];
      for (let e = q.pop(); e; e = q.pop()) out.push([e.time, Number(e.label)]);
      const expected = times.map((t, i) => [t, i] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      assert.deepEqual(out, expected);
    }),
    { seed: 3 },
  );
});
