import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { majorityOffset, majoritySize, VoteTally } from '../../src/quorum/majority';

test('majority sizes of 1, 3 and 5 voters', () => {
  assert.deepEqual([1, 2, 3, 4, 5].map(majoritySize), [1, 2, 2, 3, 3]);
});

test('majorityOffset is the offset a majority holds; unknown voters count as 0', () => {
  assert.equal(majorityOffset([7], 1), 7);
  assert.equal(majorityOffset([9, 4, 6], 3), 6);
  assert.equal(majorityOffset([9, 4], 3), 4);
  assert.equal(majorityOffset([10, 10, 1, 1, 1], 5), 1);
  assert.equal(majorityOffset([10, 10, 8, 1, 1], 5), 8);
});

test('property: a majority of voters hold at least majorityOffset, and no larger offset has a majority', () => {
  fc.assert(
    fc.property(fc.array(fc.nat(1000), { minLength: 1, maxLength: 7 }), (offsets) => {
      const m = majorityOffset(offsets, offsets.length);
      const need = majoritySize(offsets.length);
      assert.ok(offsets.filter((o) => o >= m).length >= need);
      assert.ok(offsets.filter((o) => o >= m + 1).length < need);
    }),
  );
});

test('a vote tally counts each voter once and ignores non-voters', () => {
  const t = new VoteTally(new Set([1, 2, 3, 4, 5]));
  t.record(1, true);
  t.record(9, true);
  t.record(2, true);
  t.record(2, false);
  assert.equal(t.outcome(), 'pending');
  t.record(3, false);
  t.record(4, false);
  assert.equal(t.outcome(), 'pending');
  t.record(5, true);
  assert.equal(t.outcome(), 'won');
  assert.deepEqual(t.grantingVoters(), [1, 2, 5]);
  const lost = new VoteTally(new Set([1, 2, 3]));
  lost.record(1, true);
  lost.record(2, false);
  lost.record(3, false);
  assert.equal(lost.outcome(), 'lost');
});
