import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStorage, type LogBatch, type RaftRole } from '@orderlab/raft';
import { InvariantViolation, SafetyChecker, type NodeView } from '../src';

const b = (baseOffset: number, epoch: number, v: string): LogBatch => ({ baseOffset, epoch, records: [Buffer.from(v)], control: false });

function view(id: number, role: RaftRole, epoch: number, highWatermark = 0, log = new MemoryStorage(), incarnation = 0): NodeView {
  return { id, incarnation, up: true, role, epoch, highWatermark, log };
}

const violates = (name: string) => (e: unknown) => e instanceof InvariantViolation && e.invariant === name;

test('two leaders in one epoch are caught', () => {
  const c = new SafetyChecker(() => []);
  c.afterEvent(view(1, 'leader', 3));
  assert.throws(() => c.afterEvent(view(2, 'leader', 3)), violates('SingleLeaderPerEpoch'));
});

test('epoch or high watermark moving back within a process is caught, not across a restart', () => {
  const c = new SafetyChecker(() => []);
  c.afterEvent(view(1, 'follower', 3, 10));
  assert.throws(() => c.afterEvent(view(1, 'follower', 2, 10)), violates('MonotonicEpoch'));
  assert.throws(() => c.afterEvent(view(1, 'follower', 3, 9)), violates('MonotonicHighWatermark'));
  c.afterEvent(view(1, 'follower', 3, 0, new MemoryStorage(), 1));
});

test('log matching: one content per (baseOffset, epoch), one predecessor epoch', () => {
  const c = new SafetyChecker(() => []);
  c.onAppend(1, [b(0, 1, 'a'), b(1, 2, 'b')], undefined);
  c.onAppend(2, [b(0, 1, 'a')], undefined);
  assert.throws(() => c.onAppend(3, [b(1, 2, 'other')], 1), violates('LogMatching'));
  assert.throws(() => c.onAppend(3, [b(1, 2, 'b')], 0), violates('LogMatching'));
});

test('a committed batch that changes, a gap in commits, or a digest that differs is caught', () => {
  const c = new SafetyChecker(() => []);
  c.onApply(1, 1, b(0, 1, 'a'), 'd1');
  assert.throws(() => c.onApply(2, 1, b(0, 1, 'x'), 'd1'), violates('CommittedNeverChanges'));
  assert.throws(() => c.onApply(2, 1, b(5, 1, 'x'), 'd1'), violates('CommittedPrefix'));
  assert.throws(() => c.onApply(2, 1, b(0, 1, 'a'), 'other'), violates('StateMachineAgreement'));
});

test('leader completeness: a leader of a later epoch must hold what earlier epochs committed', () => {
  const log = new MemoryStorage();
  log.append([b(0, 1, 'a')]);
  const nodes: NodeView[] = [];
  const c = new SafetyChecker(() => nodes);
  c.onApply(1, 1, b(0, 1, 'a'), 'd');
  c.afterEvent(view(2, 'leader', 2, 0, log));
  assert.throws(() => c.afterEvent(view(3, 'leader', 3, 0, new MemoryStorage())), violates('LeaderCompleteness'));
  // Committed by epoch 4: a live leader of epoch 4 itself may lack it (it is not later), one of epoch 5 may not.
  nodes.push(view(4, 'leader', 4, 0, log));
  c.onApply(4, 4, b(1, 4, 'c'), 'e');
  nodes.push(view(5, 'leader', 5, 0, log));
  assert.throws(() => c.onApply(4, 4, b(2, 4, 'f'), 'g'), violates('LeaderCompleteness'));
});

test('a restart that lost an applied batch is caught', () => {
  const c = new SafetyChecker(() => []);
  const fact = { baseOffset: 0, end: 1, epoch: 1, content: 'Da', control: false, records: [Buffer.from('a')] };
  assert.throws(() => c.onRestart(1, new MemoryStorage(), fact), violates('DurableCommitted'));
});
