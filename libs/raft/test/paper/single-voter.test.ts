import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Solo } from '../helpers/solo';

test('a 1-voter quorum elects itself at start and commits alone', () => {
  const s = new Solo(7, [7]);
  assert.equal(s.node.role, 'leader');
  s.flush();
  const r = s.node.propose([Buffer.from('a'), Buffer.from('b')]);
  assert.ok(r.ok);
  assert.deepEqual(r.value, { baseOffset: 1, lastOffset: 2, epoch: 1 });
  s.flush();
  assert.equal(s.node.highWatermark, 3);
  assert.deepEqual(s.applied.filter((b) => !b.control).map((b) => b.records.map(String)), [['a', 'b']]);
});

test('a restarted 1-voter quorum leads again in the next epoch and keeps its log', () => {
  const s = new Solo(7, [7]);
  s.flush();
  s.node.propose([Buffer.from('a')]);
  s.flush();
  s.restart();
  assert.equal(s.node.role, 'leader');
  assert.equal(s.node.epoch, 2);
  s.flush();
  assert.equal(s.node.highWatermark, s.storage.endOffset());
  assert.equal(s.storage.endOffset(), 3);
});
