import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvariantViolation, Rng } from '../src';
import { Workload } from '../src/workload';

const content = (...records: string[]) => 'D' + records.join('\u0000');

test('the committed log is checked by counts: no duplicates, no phantoms, every acknowledged id present', () => {
  const w = new Workload(new Rng(1), 3);
  const ids = [w.newId(), w.newId(), w.newId()];
  assert.deepEqual(w.verifyCommitted([content(`${ids[0]}/0`, `${ids[0]}/1`), content(`${ids[1]}/0`)]), { ids: 2 });
  assert.throws(() => w.verifyCommitted([content(`${ids[0]}/0`), content(`${ids[0]}/0`)]), (e: unknown) => e instanceof InvariantViolation && e.invariant === 'NoDuplicates');
  assert.throws(() => w.verifyCommitted([content('p99/0')]), (e: unknown) => e instanceof InvariantViolation && e.invariant === 'NoPhantoms');
  w.acked.add(ids[2]!);
  assert.throws(() => w.verifyCommitted([content(`${ids[0]}/0`)]), (e: unknown) => e instanceof InvariantViolation && e.invariant === 'AckedNotLost');
});
